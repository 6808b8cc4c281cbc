/**
 * A calendar date without time or zone, as forms store it ("2026-11-22"), mirroring
 * platform/forms/civil_date.hpp: ages and date limits are computed on these so that a birthday
 * counts the same in the browser and on the server, whatever the clock's time zone.
 */
export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

const kDays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function digits(text: string): number {
  let value = 0;
  for (const c of text) {
    if (c < '0' || c > '9') return -1;
    value = value * 10 + (c.charCodeAt(0) - 48);
  }
  return value;
}

/** True for a day that exists in the proleptic Gregorian calendar (no 31 February). */
export function isRealDate(year: number, month: number, day: number): boolean {
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const last = month === 2 && isLeap(year) ? 29 : (kDays[month - 1] ?? 0);
  return day <= last;
}

/** Exactly "YYYY-MM-DD" naming a real day; anything else is null. */
export function parseCivilDate(text: string): CivilDate | null {
  if (text.length !== 10 || text[4] !== '-' || text[7] !== '-') return null;
  const year = digits(text.slice(0, 4));
  const month = digits(text.slice(5, 7));
  const day = digits(text.slice(8, 10));
  if (!isRealDate(year, month, day)) return null;
  return { year, month, day };
}

export function formatCivilDate(date: CivilDate): string {
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}

/** Negative, zero or positive as `a` is before, on or after `b`. */
export function compareCivilDates(a: CivilDate, b: CivilDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/** Whole years completed on `today`; someone born on 29 February turns a year older on 1 March. */
export function ageOn(birth: CivilDate, today: CivilDate): number {
  let age = today.year - birth.year;
  if (today.month < birth.month || (today.month === birth.month && today.day < birth.day)) --age;
  return age;
}

/** The day it is on this device's calendar. */
export function localToday(now: Date = new Date()): CivilDate {
  return { year: now.getFullYear(), month: now.getMonth() + 1, day: now.getDate() };
}

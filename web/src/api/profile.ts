import { getJson, sendJson, type RequestOptions } from './http';
import type { FormDefinition, FormValues } from '@/forms/types';

/** An account's profile in the realm, drawn with the tenant's profile form. */
export interface Profile {
  form: FormDefinition;
  values: FormValues;
  /** Protected fields (ID numbers, mobiles), masked. */
  masked: Record<string, string>;
  /** Fields under review that cannot change now. */
  locked: string[];
}

function normalise(answer: Partial<Profile>): Profile {
  return {
    form: answer.form as FormDefinition,
    values: answer.values ?? {},
    masked: answer.masked ?? {},
    locked: Array.isArray(answer.locked) ? answer.locked : [],
  };
}

export async function getProfile(slug: string, options: RequestOptions): Promise<Profile> {
  return normalise(await getJson<Partial<Profile>>(`/api/v1/t/${encodeURIComponent(slug)}/profile`, options));
}

/** A protected field left out of `values` keeps its stored value. */
export async function saveProfile(slug: string, values: FormValues, options: RequestOptions): Promise<Profile> {
  const answer = await sendJson<Partial<Profile>>('PUT', `/api/v1/t/${encodeURIComponent(slug)}/profile`, { values }, options);
  return normalise(answer ?? {});
}

/** The full value of one of the account's own protected fields; the server audits it. */
export async function revealProfileField(slug: string, field: string, options: RequestOptions): Promise<string> {
  const answer = await sendJson<{ value?: string }>(
    'POST',
    `/api/v1/t/${encodeURIComponent(slug)}/profile/reveal`,
    { field },
    options,
  );
  return answer?.value ?? '';
}

function staffPath(slug: string, account: string, tail = ''): string {
  return `/api/v1/t/${encodeURIComponent(slug)}/profiles/${encodeURIComponent(account)}${tail}`;
}

/** Another account's profile, for the tenant's reviewers and admins. */
export async function getAccountProfile(slug: string, account: string, options: RequestOptions): Promise<Profile> {
  return normalise(await getJson<Partial<Profile>>(staffPath(slug, account), options));
}

/** The full value of a protected field of another account's profile; the server audits it. */
export async function revealAccountProfileField(
  slug: string,
  account: string,
  field: string,
  options: RequestOptions,
): Promise<string> {
  const answer = await sendJson<{ value?: string }>('POST', staffPath(slug, account, '/reveal'), { field }, options);
  return answer?.value ?? '';
}

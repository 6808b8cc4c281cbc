export type Rgb = [number, number, number];

export function parseHexColor(value: string | null | undefined): Rgb | null {
  const match = /^#?([0-9a-f]{6}|[0-9a-f]{3})$/i.exec(value?.trim() ?? '');
  if (!match?.[1]) return null;
  const hex =
    match[1].length === 3
      ? match[1]
          .split('')
          .map((c) => c + c)
          .join('')
      : match[1];
  return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16)) as Rgb;
}

export function toHex([r, g, b]: Rgb): string {
  return `#${[r, g, b].map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
}

/** `weight` of `a` mixed into `b`, as Sass's mix() that Element Plus derives its shades with. */
export function mix(a: Rgb, b: Rgb, weight: number): Rgb {
  return [0, 1, 2].map((i) => a[i]! * weight + b[i]! * (1 - weight)) as Rgb;
}

const kWhite: Rgb = [255, 255, 255];
const kBlack: Rgb = [0, 0, 0];
// Element Plus's dark theme background; light shades blend into it instead of into white.
const kDarkBackground: Rgb = [20, 20, 20];

/**
 * The CSS variables Element Plus reads for its primary colour, derived from one brand colour
 * the way its own theme does, so buttons, links, menus and tags all take the tenant's colour.
 */
export function primaryColorVariables(color: string, dark: boolean): Record<string, string> | null {
  const rgb = parseHexColor(color);
  if (!rgb) return null;
  const base = dark ? kDarkBackground : kWhite;
  const vars: Record<string, string> = {
    '--el-color-primary': toHex(rgb),
    '--el-color-primary-dark-2': toHex(mix(dark ? kWhite : kBlack, rgb, 0.2)),
  };
  for (const level of [3, 5, 7, 8, 9]) {
    vars[`--el-color-primary-light-${level}`] = toHex(mix(base, rgb, level / 10));
  }
  return vars;
}

/** Black or white, whichever reads better on the given background (WCAG relative luminance). */
export function readableTextColor(background: string): string {
  const rgb = parseHexColor(background);
  if (!rgb) return '#ffffff';
  const [r, g, b] = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as Rgb;
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return luminance > 0.35 ? '#1f1f1f' : '#ffffff';
}

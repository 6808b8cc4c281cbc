import { describe, expect, it } from 'vitest';
import { parseHexColor, primaryColorVariables, readableTextColor } from './color';

describe('colours', () => {
  it('parses long and short hex colours and refuses others', () => {
    expect(parseHexColor('#b71c1c')).toEqual([183, 28, 28]);
    expect(parseHexColor('#FFF')).toEqual([255, 255, 255]);
    expect(parseHexColor('red')).toBeNull();
    expect(parseHexColor('#12345')).toBeNull();
    expect(parseHexColor('')).toBeNull();
  });

  it('derives Element Plus primary shades from the brand colour', () => {
    const vars = primaryColorVariables('#b71c1c', false)!;
    expect(vars['--el-color-primary']).toBe('#b71c1c');
    // 90 % white (or dark background): the lightest tint, used for hovered backgrounds.
    expect(vars['--el-color-primary-light-9']).toBe('#f8e8e8');
    expect(vars['--el-color-primary-dark-2']).toBe('#921616');
    const dark = primaryColorVariables('#b71c1c', true)!;
    expect(dark['--el-color-primary-light-9']).toBe('#241515');
    expect(primaryColorVariables('nonsense', false)).toBeNull();
  });

  it('chooses readable text on the badge', () => {
    expect(readableTextColor('#b71c1c')).toBe('#ffffff');
    expect(readableTextColor('#ffeb3b')).toBe('#1f1f1f');
  });
});

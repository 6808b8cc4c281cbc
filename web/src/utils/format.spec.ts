import { describe, expect, it } from 'vitest';
import { describeUserAgent } from './format';

describe('describeUserAgent', () => {
  it('names common browsers and systems', () => {
    expect(
      describeUserAgent('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36'),
    ).toBe('Chrome 126 · Linux');
    expect(
      describeUserAgent('Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47'),
    ).toBe('WeChat 8.0.47 · iOS');
    expect(describeUserAgent('')).toBe('');
    expect(describeUserAgent('curl/8.5.0')).toBe('curl/8.5.0');
  });
});

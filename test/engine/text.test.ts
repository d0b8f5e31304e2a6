/**
 * The text helpers every output shares: the display sanitizer (what a terminal, an email or a
 * report may show of hostile estate strings) and the linear glob matcher (suppressions, check
 * globs, IAM wildcards). Cases from issue 17: OSC 52 clipboard writes, title changes,
 * clear-screen, one-byte C1 CSI, bidi overrides (CVE-2021-42574), and a glob that took a
 * backtracking RegExp 106 s at 29 characters.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { displayJson, displayText, matchesGlob } from '../../functions/engine/text.ts';

// biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for exactly these characters.
const RAW_UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

describe('displayText', () => {
  it.each([
    ['an OSC 52 clipboard write', 'vpce-1\u001b]52;c;ZXZpbA==\u0007', 'vpce-1\\x1b]52;c;ZXZpbA==\\x07'],
    ['a window-title change', '\u001b]0;pwned\u0007ok', '\\x1b]0;pwned\\x07ok'],
    ['clear-screen', 'policy\u001b[2J\u001b[H', 'policy\\x1b[2J\\x1b[H'],
    ['a one-byte C1 CSI', 'a\u009b31mred', 'a\\x9b31mred'],
    ['a right-to-left override', 'ok\u202eFDP.exe', 'ok\\u202eFDP.exe'],
    ['a bidi isolate', '\u2066x\u2069', '\\u2066x\\u2069'],
    ['a carriage return that would overwrite the line', 'FAIL\rPASS', 'FAIL\\x0dPASS'],
  ])('renders %s visibly', (_case, hostile, shown) => {
    expect(displayText(hostile)).toBe(shown);
  });

  it('keeps newlines, tabs and ordinary Unicode as they are', () => {
    expect(displayText('Before:\tPASS\nAfter: FAIL — naïve Zürich 東京')).toBe('Before:\tPASS\nAfter: FAIL — naïve Zürich 東京');
  });

  it('never lets an unsafe character through, whatever the input', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => !RAW_UNSAFE.test(displayText(text))));
  });
});

describe('displayJson', () => {
  it('writes the same value (it parses back exactly) with no raw unsafe character', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string({ unit: 'binary' }), (value, hostile) => {
        const document = { value, hostile };
        const text = displayJson(document, 2);
        return !RAW_UNSAFE.test(text) && JSON.stringify(JSON.parse(text)) === JSON.stringify(document);
      }),
    );
  });
});

describe('matchesGlob', () => {
  it('answers the backtracking bomb at once', () => {
    const started = performance.now();
    expect(matchesGlob('*?*?*?*?*?*?*?*?*?*?*?*?*?*?!', 'a'.repeat(20_000))).toBe(false);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('agrees with an anchored RegExp on small inputs', () => {
    const reference = (pattern: string, text: string) =>
      new RegExp(
        `^${pattern
          .replace(/[.+^${}()|[\]\\]/g, '\\$&')
          .replace(/\*/g, '.*')
          .replace(/\?/g, '.')}$`,
        's',
      ).test(text);
    const alphabet = fc.constantFrom('a', 'b', '*', '?', '.', '/');
    fc.assert(
      fc.property(
        fc.string({ unit: alphabet, maxLength: 8 }),
        fc.string({ unit: fc.constantFrom('a', 'b', '.', '/', '*'), maxLength: 10 }),
        (pattern, text) => matchesGlob(pattern, text) === reference(pattern, text),
      ),
      { numRuns: 2_000 },
    );
  });
});

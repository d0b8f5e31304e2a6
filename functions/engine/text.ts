/** Small text helpers shared by config validation, suppressions and output. */

/** Edit distance, for "did you mean …?" on misspelt ids. */
export const editDistance = (a: string, b: string): number => {
  const previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0] as number;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j] as number;
      previous[j] = Math.min(above + 1, (previous[j - 1] as number) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length] as number;
};

/** The closest candidate within a third of the word's length, if any. */
export const closestMatch = (word: string, candidates: Iterable<string>): string | undefined => {
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate);
    if (!best || distance < best.distance) best = { candidate, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(word.length / 3)) ? best.candidate : undefined;
};

/** A glob compiled to tokens: literal characters, `*` (any run) and `?` (one character). */
export type GlobToken = string | typeof ANY_RUN | typeof ANY_ONE;
export const ANY_RUN: unique symbol = Symbol('*');
export const ANY_ONE: unique symbol = Symbol('?');

/** Tokens of a plain glob: every `*` and `?` is a wildcard, everything else literal. */
export const globTokens = (pattern: string): GlobToken[] =>
  Array.from(pattern, (char) => (char === '*' ? ANY_RUN : char === '?' ? ANY_ONE : char));

/**
 * Matches glob tokens against text without backtracking blow-up: the classic two-pointer walk
 * that remembers only the last `*`, so a match costs O(pattern × text) at worst, never
 * exponential (a RegExp built from `*?*?*?…!` takes seconds per match). Case folding is the
 * caller's choice, because IAM matches actions case-insensitively and resources exactly.
 */
export const matchesGlobTokens = (tokens: readonly GlobToken[], text: string, ignoreCase = false): boolean => {
  const subject = ignoreCase ? text.toLowerCase() : text;
  const same = (token: GlobToken, char: string): boolean =>
    token === ANY_ONE || (typeof token === 'string' && (ignoreCase ? token.toLowerCase() : token) === char);
  let p = 0;
  let t = 0;
  let star = -1;
  let resume = 0;
  while (t < subject.length) {
    const token = tokens[p];
    if (p < tokens.length && token !== ANY_RUN && same(token as GlobToken, subject[t] as string)) {
      p++;
      t++;
    } else if (p < tokens.length && token === ANY_RUN) {
      star = p++;
      resume = t;
    } else if (star >= 0) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < tokens.length && tokens[p] === ANY_RUN) p++;
  return p === tokens.length;
};

/** Patterns come from one policy file, so they are few; each is tokenised once, not once per finding. */
const compiledGlobs = new Map<string, GlobToken[]>();

/**
 * Shell-style glob (`*` any run, `?` one character), anchored at both ends. Used for suppression
 * patterns and check globs, where a regex would invite accidents like an unescaped `.`.
 */
export const matchesGlob = (pattern: string, text: string): boolean => {
  let tokens = compiledGlobs.get(pattern);
  if (!tokens) {
    tokens = globTokens(pattern);
    if (compiledGlobs.size >= 4096) compiledGlobs.clear();
    compiledGlobs.set(pattern, tokens);
  }
  return matchesGlobTokens(tokens, text);
};

/**
 * Characters a terminal or mail reader would act on rather than show: C0 controls other than
 * newline and tab (ESC starts OSC 52 clipboard writes, title changes, clear-screen), DEL, C1
 * controls (0x9B is a one-byte CSI), and the bidirectional overrides and isolates that make text
 * read differently from what it is (Trojan Source, CVE-2021-42574).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is this expression's whole purpose.
const UNSAFE_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const visible = (char: string): string => {
  const code = char.codePointAt(0) as number;
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
};

/**
 * Every human-facing string from the estate goes through here before a terminal, an email or a
 * report shows it: unsafe characters are rendered visibly (`\x1b`, `\u202e`), never acted on.
 *
 * @example
 * displayText('vpce-1\u001b]52;c;ZXZpbA==\u0007') // 'vpce-1\\x1b]52;c;ZXZpbA==\\x07'
 */
export const displayText = (text: string): string => text.replace(UNSAFE_CHARACTERS, visible);

/**
 * JSON for a terminal: the same value (a parser reads back exactly what was written), with the
 * characters {@link displayText} guards against written as \u escapes, which JSON.stringify
 * leaves raw above 0x1f.
 */
export const displayJson = (value: unknown, space?: number): string =>
  (JSON.stringify(value, null, space) ?? 'null').replace(
    UNSAFE_CHARACTERS,
    (char) => `\\u${(char.codePointAt(0) as number).toString(16).padStart(4, '0')}`,
  );

/**
 * Ordinal string order (code units), for sorting ids: stable across locales, and much cheaper
 * than localeCompare when a scan sorts tens of thousands of findings.
 */
export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Renders a value for a one-line message, truncated so a huge input cannot flood a log. */
export const preview = (value: unknown, max = 60): string => {
  const text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
};

/** Greedy word wrap; long tokens (ARNs) are split rather than overflowing. */
export const wrap = (text: string, width: number): string[] => {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    let rest = word;
    while (rest.length > width) {
      if (line) {
        lines.push(line);
        line = '';
      }
      lines.push(rest.slice(0, width));
      rest = rest.slice(width);
    }
    if (!line) line = rest;
    else if (line.length + 1 + rest.length <= width) line = `${line} ${rest}`;
    else {
      lines.push(line);
      line = rest;
    }
  }
  if (line) lines.push(line);
  return lines;
};

/** Deepest bracket nesting of JSON text outside strings, found without recursion, so no input can overflow the stack. */
export const jsonNestingDepth = (text: string): number => {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (inString) {
      if (char === '\\') index++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{' || char === '[') deepest = Math.max(deepest, ++depth);
    else if (char === '}' || char === ']') depth--;
  }
  return deepest;
};

/** Editors on Windows save UTF-8 with a byte-order mark; JSON.parse rejects it, people should not have to care. */
export const stripBom = (text: string): string => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

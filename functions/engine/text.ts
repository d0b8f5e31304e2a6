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

/**
 * Shell-style glob (`*` any run, `?` one character), anchored at both ends. Used for
 * suppression patterns, where a regex would invite accidents like an unescaped `.`.
 */
export const globToRegExp = (pattern: string): RegExp => {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
};

/** Patterns come from one policy file, so they are few; each is compiled once, not once per finding. */
const compiledGlobs = new Map<string, RegExp>();

export const matchesGlob = (pattern: string, text: string): boolean => {
  let regex = compiledGlobs.get(pattern);
  if (!regex) {
    regex = globToRegExp(pattern);
    compiledGlobs.set(pattern, regex);
  }
  return regex.test(text);
};

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

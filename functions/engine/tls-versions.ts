/**
 * Protocol versions in Node's own spelling, ordered oldest first, so "at least TLS 1.2" is an
 * index comparison and the CLI, policy file and prober all speak the same words.
 */
export const TLS_VERSIONS = ['SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const;
export type TlsVersion = (typeof TLS_VERSIONS)[number];

export const tlsVersionRank = (version: TlsVersion): number => TLS_VERSIONS.indexOf(version);

/** True when `version` is older than `minimum`. */
export const isBelow = (version: TlsVersion, minimum: TlsVersion): boolean => tlsVersionRank(version) < tlsVersionRank(minimum);

/** A Map, not an object: a CloudTrail `tlsVersion` of `constructor` or `__proto__` must find nothing. */
const ALIASES: ReadonlyMap<string, TlsVersion> = new Map(
  Object.entries({
    sslv3: 'SSLv3',
    'ssl3.0': 'SSLv3',
    tlsv1: 'TLSv1',
    'tlsv1.0': 'TLSv1',
    'tls1.0': 'TLSv1',
    '1.0': 'TLSv1',
    'tlsv1.1': 'TLSv1.1',
    'tls1.1': 'TLSv1.1',
    '1.1': 'TLSv1.1',
    'tlsv1.2': 'TLSv1.2',
    'tls1.2': 'TLSv1.2',
    '1.2': 'TLSv1.2',
    'tlsv1.3': 'TLSv1.3',
    'tls1.3': 'TLSv1.3',
    '1.3': 'TLSv1.3',
  } satisfies Record<string, TlsVersion>),
);

/** Accepts the spellings people and AWS use (`1.2`, `TLSv1.2`, `TLS1.2`, CloudTrail's `TLSv1.2`). */
export const parseTlsVersion = (text: string): TlsVersion | undefined => ALIASES.get(text.trim().toLowerCase());

/** `TLS 1.2` for humans. */
export const displayTlsVersion = (version: TlsVersion): string =>
  version === 'SSLv3' ? 'SSL 3.0' : version === 'TLSv1' ? 'TLS 1.0' : version.replace('TLSv', 'TLS ');

/**
 * The enumerators: "offer all, take the server's pick, remove it, repeat", one hello per
 * accepted suite or group plus one, for every version. Each takes the target's probe session
 * (tls/session.ts), whose lane schedules the hellos and whose error list they add to.
 */
import type { AcceptedSuite, AttemptClass, VersionProbe } from '../model/tls.ts';
import type { TlsVersion } from '../tls-versions.ts';
import type { RawOutcome } from './attempts.ts';
import {
  CLASSIC_GROUPS,
  EMPTY_RENEGOTIATION_INFO_SCSV,
  groupByCode,
  isAnonymous,
  isForwardSecret,
  isObsolete,
  NAMED_GROUPS,
  suiteByCode,
  suitesFor,
} from './registry.ts';
import type { ProbeSession } from './session.ts';
import { type ServerHelloInfo, versionFromWire, WIRE_VERSION } from './wire.ts';

export interface FamilyResult {
  readonly state: AttemptClass;
  readonly detail?: string | undefined;
  readonly suites: AcceptedSuite[];
  readonly chain: readonly Buffer[];
  readonly renegotiationInfo: boolean | undefined;
  readonly complete: boolean;
}

export interface Enumeration {
  readonly probe: VersionProbe;
  /** DER chain from the first accepted TLS ≤1.2 flight, in case no real handshake completes. */
  readonly chain: readonly Buffer[];
  readonly renegotiationInfo: boolean | undefined;
  readonly complete: boolean;
}

export const ALL_GROUP_CODES = NAMED_GROUPS.map((group) => group.code);
/**
 * Suite families enumerated concurrently (suite order is only meaningful within one): the
 * forward-secret ones and the static ones, the split every verdict cares about.
 */
const SUITE_FAMILIES: readonly (readonly string[])[] = [
  ['ECDHE', 'AECDH', 'DHE', 'ADH'],
  ['RSA', 'DH', 'ECDH'],
];
/**
 * Group families enumerated concurrently. Each loop ends with one refusal, and on a busy server
 * every hello costs more than a little latency, so there are few families (measured in
 * bench/tls-prober.ts: two beat four).
 */
export const EC_GROUP_FAMILIES: readonly (readonly number[])[] = [
  NAMED_GROUPS.filter((group) => group.ffdheBits === undefined && !group.hybridPostQuantum).map((group) => group.code),
];
const GROUP_FAMILIES: readonly (readonly number[])[] = [
  NAMED_GROUPS.filter((group) => group.ffdheBits === undefined).map((group) => group.code),
  NAMED_GROUPS.filter((group) => group.ffdheBits !== undefined).map((group) => group.code),
];
/**
 * Groups offered with TLS ≤1.2 suites: the elliptic curves, and no RFC 7919 ffdhe group, so a
 * DHE suite is answered with the group the server gives every client that lists none (OpenSSL
 * at TLS 1.2, Java 8): the weakest one a client can be given. One extra hello per target asks
 * again with the ffdhe groups listed.
 */
export const LEGACY_GROUP_CODES = CLASSIC_GROUPS.filter((group) => group.ffdheBits === undefined).map((group) => group.code);
export const FFDHE_GROUP_CODES = CLASSIC_GROUPS.filter((group) => group.ffdheBits !== undefined).map((group) => group.code);
export const isDheCode = (cipher: number): boolean => ['DHE', 'ADH'].includes(suiteByCode(cipher).keyExchange);

export const describeSuite = (code: number, keyExchange?: { group?: number; dhBits?: number }): AcceptedSuite => {
  const suite = suiteByCode(code);
  return {
    code,
    name: suite.iana,
    openssl: suite.openssl,
    forwardSecret: isForwardSecret(suite),
    anonymous: isAnonymous(suite),
    obsolete: isObsolete(suite),
    ...(keyExchange?.group !== undefined ? { group: groupByCode(keyExchange.group).name } : {}),
    ...(keyExchange?.dhBits !== undefined ? { dhBits: keyExchange.dhBits } : {}),
  };
};

/**
 * Offer all, take the server's pick, remove it, repeat: one hello per accepted suite, plus
 * one. Each key-exchange family is enumerated on its own, concurrently, so the longest
 * family (not the sum) sets the time; suites are listed in the server's order within a family.
 */
export const enumerateLegacy = async (
  session: ProbeSession,
  version: Exclude<TlsVersion, 'TLSv1.3'>,
  openingPending: Promise<FamilyResult>,
): Promise<Enumeration> => {
  const opening = await openingPending;
  const first = opening.suites[0];
  if (!first) {
    return {
      probe: { version, state: opening.state, detail: opening.detail, suites: [], serverPreference: null },
      chain: opening.chain,
      renegotiationInfo: opening.renegotiationInfo,
      complete: opening.complete,
    };
  }
  const families = SUITE_FAMILIES.map((family) =>
    suitesFor(version)
      .filter((suite) => family.includes(suite.keyExchange) && suite.code !== first.code)
      .map((suite) => suite.code),
  ).filter((codes) => codes.length > 0);
  const results = await Promise.all(families.map((codes) => enumerateFamily(session, version, codes)));
  return {
    probe: {
      version,
      state: 'accepted',
      suites: [first, ...results.flatMap((result) => result.suites)],
      serverPreference: null,
    },
    chain: opening.chain,
    renegotiationInfo: opening.renegotiationInfo === true || results.some((result) => result.renegotiationInfo === true),
    complete: opening.complete && results.every((result) => result.complete),
  };
};

/** Remove-the-pick over `offered` at one TLS ≤1.2 version, up to `maxAccepted` suites. */
export const enumerateFamily = async (
  session: ProbeSession,
  version: Exclude<TlsVersion, 'TLSv1.3'>,
  offered: readonly number[],
  maxAccepted = Number.POSITIVE_INFINITY,
): Promise<FamilyResult> => {
  let remaining = [...offered];
  const suites: AcceptedSuite[] = [];
  let chain: readonly Buffer[] = [];
  let renegotiationInfo: boolean | undefined;
  while (remaining.length > 0 && suites.length < maxAccepted) {
    const outcome = await session.raw(version, [...remaining, EMPTY_RENEGOTIATION_INFO_SCSV], LEGACY_GROUP_CODES, true);
    if (outcome.class !== 'accepted') {
      if (suites.length > 0 && outcome.class === 'error')
        session.errors.push(`${version} suite enumeration stopped early: ${outcome.detail}`);
      return {
        state: suites.length ? 'accepted' : outcome.class,
        detail: outcome.detail,
        suites,
        chain,
        renegotiationInfo,
        complete: outcome.class !== 'error',
      };
    }
    const { hello } = outcome;
    if (hello.version !== WIRE_VERSION[version]) {
      const detail = `server answered with ${versionFromWire(hello.version) ?? `0x${hello.version.toString(16)}`}`;
      return { state: suites.length ? 'accepted' : 'refused', detail, suites, chain, renegotiationInfo, complete: true };
    }
    if (!remaining.includes(hello.cipher)) {
      session.errors.push(`${version}: server chose suite 0x${hello.cipher.toString(16)} that was not offered`);
      return {
        state: suites.length ? 'accepted' : 'error',
        detail: 'server chose a suite that was not offered',
        suites,
        chain,
        renegotiationInfo,
        complete: false,
      };
    }
    if (chain.length === 0) chain = hello.certificates;
    renegotiationInfo = (renegotiationInfo ?? false) || hello.renegotiationInfo;
    suites.push(describeSuite(hello.cipher, hello.keyExchange));
    remaining = remaining.filter((code) => code !== hello.cipher);
  }
  return { state: 'accepted', suites, chain, renegotiationInfo, complete: true };
};

/** Remove-the-pick over one family of groups; `pick` reads the chosen group from an answer. */
export const enumerateGroups = async (
  session: ProbeSession,
  version: 'TLSv1.2' | 'TLSv1.3',
  suites: readonly number[],
  family: readonly number[],
  pick: (outcome: RawOutcome) => number | undefined,
): Promise<number[]> => {
  const found: number[] = [];
  let remaining = [...family];
  while (remaining.length > 0) {
    const outcome = await session.raw(version, suites, remaining, version === 'TLSv1.2');
    const group = pick(outcome);
    if (group === undefined || !remaining.includes(group)) {
      if (outcome.class === 'error') session.errors.push(`${version} group enumeration stopped early: ${outcome.detail}`);
      break;
    }
    found.push(group);
    remaining = remaining.filter((code) => code !== group);
  }
  return found;
};

/**
 * TLS 1.3: an empty key_share makes the server answer with a HelloRetryRequest naming its
 * suite and group. One opening hello with everything gives both preferences; suites and group
 * families are then enumerated concurrently, only if the server speaks TLS 1.3 at all.
 */
export const ALL_TLS13_SUITES = suitesFor('TLSv1.3').map((suite) => suite.code);
/** The opening TLS 1.3 hello: every suite and group, an empty key_share. */
export const openTls13 = (session: ProbeSession): Promise<RawOutcome> =>
  session.raw('TLSv1.3', ALL_TLS13_SUITES, ALL_GROUP_CODES, false);
export const isTls13Answer = (outcome: RawOutcome): boolean =>
  outcome.class === 'accepted' && outcome.hello.version === WIRE_VERSION['TLSv1.3'];
export const helloOf = (outcome: RawOutcome): ServerHelloInfo | undefined =>
  outcome.class === 'accepted' ? outcome.hello : undefined;
const describeFailure = (outcome: RawOutcome): string => (outcome.class === 'accepted' ? '' : outcome.detail);

export const enumerateTls13Suites = async (session: ProbeSession, openingPending: Promise<RawOutcome>): Promise<Enumeration> => {
  const version = 'TLSv1.3';
  const opening = await openingPending;
  const openingHello = helloOf(opening);
  if (!openingHello || !isTls13Answer(opening)) {
    const detail = openingHello
      ? `server answered with ${versionFromWire(openingHello.version) ?? 'another version'}`
      : describeFailure(opening);
    const state: AttemptClass = opening.class === 'accepted' ? 'refused' : opening.class;
    return {
      probe: { version, state, detail, suites: [], serverPreference: null },
      chain: [],
      renegotiationInfo: undefined,
      complete: state !== 'error',
    };
  }
  const suites: AcceptedSuite[] = [describeSuite(openingHello.cipher)];
  let remaining = ALL_TLS13_SUITES.filter((code) => code !== openingHello.cipher);
  let complete = true;
  while (remaining.length > 0) {
    const outcome = await session.raw(version, remaining, ALL_GROUP_CODES, false);
    const hello = helloOf(outcome);
    if (!hello || !isTls13Answer(outcome) || !remaining.includes(hello.cipher)) {
      if (outcome.class === 'error') {
        complete = false;
        session.errors.push(`TLSv1.3 suite enumeration stopped early: ${outcome.detail}`);
      }
      break;
    }
    suites.push(describeSuite(hello.cipher));
    remaining = remaining.filter((code) => code !== hello.cipher);
  }
  return {
    probe: { version, state: 'accepted', suites, serverPreference: null },
    chain: [],
    renegotiationInfo: undefined,
    complete,
  };
};

export const enumerateTls13Groups = async (session: ProbeSession, openingPending: Promise<RawOutcome>): Promise<number[]> => {
  const opening = await openingPending;
  const preferred = isTls13Answer(opening) ? helloOf(opening)?.selectedGroup : undefined;
  if (preferred === undefined) return [];
  const families = GROUP_FAMILIES.map((family) => family.filter((code) => code !== preferred)).filter(
    (family) => family.length > 0,
  );
  const found = await Promise.all(
    families.map((family) =>
      enumerateGroups(session, 'TLSv1.3', ALL_TLS13_SUITES, family, (outcome) =>
        isTls13Answer(outcome) ? helloOf(outcome)?.selectedGroup : undefined,
      ),
    ),
  );
  return [preferred, ...found.flat()];
};

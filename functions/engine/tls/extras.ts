/**
 * What the prober asks beyond the enumeration, each from what the enumeration already showed:
 * the server's suite preference, RFC 7507's fallback SCSV, the refusals a verdict rests on asked
 * again alone, DHE as RFC 7919 clients see it, TLS 1.2's groups, the post-quantum hybrid
 * confirmed by a real handshake, and the chain at OpenSSL's default security level.
 */
import type { CertificateFacts, TlsReport, VersionProbe } from '../model/tls.ts';
import { TLS_VERSIONS, type TlsVersion } from '../tls-versions.ts';
import type { HandshakeOutcome } from './attempts.ts';
import {
  ALL_GROUP_CODES,
  describeSuite,
  EC_GROUP_FAMILIES,
  type Enumeration,
  enumerateGroups,
  FFDHE_GROUP_CODES,
  helloOf,
  isDheCode,
  LEGACY_GROUP_CODES,
} from './enumerate.ts';
import {
  FALLBACK_SCSV,
  groupByCode,
  groupByName,
  isAnonymous,
  isForwardSecret,
  isObsolete,
  suiteByCode,
  suitesFor,
} from './registry.ts';
import { isEcdheCode, type ProbeSession } from './session.ts';
import { WIRE_VERSION } from './wire.ts';

/** The versions below TLS 1.3, in the order the prober opens them. */
export const LEGACY_VERSIONS = ['SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2'] as const;

/**
 * Server preference without waiting for the enumeration: offer every suite again in reverse
 * order. A server that imposes its order picks the same suite; one that follows the client
 * picks the first it supports in the new order, which differs whenever two suites are accepted.
 */
export const preferencePick = async (
  session: ProbeSession,
  version: TlsVersion,
  firstPick: Promise<number | undefined>,
): Promise<number | undefined> => {
  if ((await firstPick) === undefined) return undefined;
  const reversed = suitesFor(version)
    .map((suite) => suite.code)
    .reverse();
  const groups = version === 'TLSv1.3' ? ALL_GROUP_CODES : LEGACY_GROUP_CODES;
  return helloOf(await session.raw(version, reversed, groups, false))?.cipher;
};

/**
 * RFC 7507: needs only to know which versions answered (`firstPicks`, one per version of
 * LEGACY_VERSIONS then TLS 1.3), so it starts after the opening hellos.
 */
export const fallbackScsv = async (
  session: ProbeSession,
  firstPicks: readonly Promise<number | undefined>[],
): Promise<TlsReport['fallbackScsv']> => {
  const picks = await Promise.all(firstPicks);
  const accepted = [...LEGACY_VERSIONS, 'TLSv1.3' as const].filter(
    (version, index) => version !== 'SSLv3' && picks[index] !== undefined,
  );
  if (accepted.length < 2) return 'not-applicable';
  const lower = accepted[accepted.length - 2] as Exclude<TlsVersion, 'TLSv1.3'>;
  const suites = [...suitesFor(lower).map((suite) => suite.code), FALLBACK_SCSV];
  const outcome = await session.raw(lower, suites, LEGACY_GROUP_CODES, false);
  if (outcome.class === 'refused' && outcome.detail === 'inappropriate_fallback') return 'supported';
  if (outcome.class === 'accepted') return 'not-supported';
  session.errors.push(`fallback SCSV test inconclusive: ${outcome.detail}`);
  return 'error';
};

/**
 * Every refusal a verdict rests on, asked again on a single connection once the enumeration is
 * done: a version below the minimum, and each version's weak suites (no forward secrecy,
 * obsolete, anonymous) the enumeration did not find. An answer that changes marks the report
 * unstable, which the checks turn into ERROR: a verdict that depends on concurrency never passes.
 */
export const confirmRefusals = async (session: ProbeSession, enumerated: readonly Enumeration[]): Promise<void> => {
  const { lane, send, unstable } = session;
  for (const enumeration of enumerated) {
    const { version, state, suites } = enumeration.probe as VersionProbe & { version: Exclude<TlsVersion, 'TLSv1.3'> };
    // An alert or a lower version is the server's own answer; only a refusal a verdict rests
    // on (a version below TLS 1.2) that was not a downgrade is asked again.
    if (state === 'refused' && version !== 'TLSv1.2' && !enumeration.probe.detail?.startsWith('server answered with')) {
      const alone = await lane.alone(() =>
        send(
          version,
          suitesFor(version).map((suite) => suite.code),
          LEGACY_GROUP_CODES,
          false,
          'confirm refusal alone: ',
        ),
      );
      if (alone.class === 'accepted' && alone.hello.version === WIRE_VERSION[version])
        unstable.push(`${version} was refused under concurrency but accepted on a single connection`);
    } else if (state === 'accepted') {
      const found = new Set(suites.map((suite) => suite.code));
      const weak = suitesFor(version)
        .filter((suite) => !found.has(suite.code) && (!isForwardSecret(suite) || isObsolete(suite) || isAnonymous(suite)))
        .map((suite) => suite.code);
      if (weak.length > 0) {
        const alone = await lane.alone(() => send(version, weak, LEGACY_GROUP_CODES, false, 'confirm weak suites alone: '));
        if (alone.class === 'accepted' && weak.includes(alone.hello.cipher))
          unstable.push(
            `${version}: ${suiteByCode(alone.hello.cipher).openssl} was accepted on a single connection although the concurrent enumeration did not find it`,
          );
      }
    }
  }
};

/**
 * DHE as a client that lists the RFC 7919 groups sees it: the enumeration offered none, so a
 * server that gives ffdhe2048 to such clients and 1024 bits to the rest was judged on the 1024;
 * a server with only ffdhe groups may refuse DHE to a client that lists none, so its DHE suites
 * are looked for here too.
 */
export const dheAsFfdheClientsSeeIt = async (
  session: ProbeSession,
  enumerated: readonly Enumeration[],
): Promise<TlsReport['dheWithFfdhe']> => {
  const tls12 = enumerated.find((enumeration) => enumeration.probe.version === 'TLSv1.2');
  if (tls12?.probe.state !== 'accepted') return undefined;
  const accepted = tls12.probe.suites.filter((suite) => isDheCode(suite.code)).map((suite) => suite.code);
  const offered = accepted.length
    ? accepted
    : suitesFor('TLSv1.2')
        .filter((suite) => isDheCode(suite.code))
        .map((suite) => suite.code);
  const outcome = await session.raw('TLSv1.2', offered, [...FFDHE_GROUP_CODES, ...LEGACY_GROUP_CODES], true);
  if (outcome.class !== 'accepted' || !isDheCode(outcome.hello.cipher)) return undefined;
  const suite = describeSuite(outcome.hello.cipher, outcome.hello.keyExchange);
  return { suite: suite.openssl, dhBits: suite.dhBits, missedWithoutFfdhe: accepted.length === 0 };
};

/**
 * When the default handshake (which offers TLS 1.3) fails, the certificate is read at the
 * highest version that answered; `best` (the default handshake) stands otherwise.
 */
export const fallbackHandshake = async (
  session: ProbeSession,
  enumerated: readonly Enumeration[],
  best: HandshakeOutcome,
): Promise<HandshakeOutcome> => {
  const highest = [...enumerated]
    .reverse()
    .find((enumeration) => enumeration.probe.state === 'accepted' && enumeration.probe.version !== 'SSLv3')?.probe.version;
  if (!highest) return best;
  const version = highest as Exclude<TlsVersion, 'SSLv3' | 'TLSv1.3'>;
  const outcome = await session.real({ minVersion: version, maxVersion: version });
  return outcome.class === 'accepted' ? outcome : best;
};

/**
 * The chain as Node's default client sees it: the same handshake at OpenSSL's default security
 * level. Level 0 (every other attempt) sees every server; this says whether ordinary clients
 * would accept the chain, and which rule refused it (EE_KEY_TOO_SMALL, CA_MD_TOO_WEAK…).
 */
export const validateAtDefaultLevel = async (
  session: ProbeSession,
  at: Extract<HandshakeOutcome, { class: 'accepted' }>,
): Promise<NonNullable<CertificateFacts['trust']['defaultLevel']> | undefined> => {
  const protocol = at.facts.protocol as Exclude<TlsVersion, 'SSLv3'>;
  const pinned = TLS_VERSIONS.includes(protocol) ? { minVersion: protocol, maxVersion: protocol } : {};
  const outcome = await session.real({ ...pinned, defaultSecurityLevel: true });
  if (outcome.class === 'accepted')
    return outcome.facts.chainAuthorized ? { state: 'trusted' } : { state: 'untrusted', error: outcome.facts.chainError };
  if (outcome.class === 'refused' || outcome.class === 'cannot-offer') return { state: 'refused', error: outcome.detail };
  return undefined;
};

/** TLS 1.2's elliptic-curve groups, for the ECDHE suites it accepted (only when asked: ProbeOptions.tls12Groups). */
export const tls12Groups = async (session: ProbeSession, tls12Pending: Promise<Enumeration>): Promise<string[]> => {
  const tls12 = (await tls12Pending).probe;
  const ecdhe = tls12.suites.filter((suite) => isEcdheCode(suite.code)).map((suite) => suite.code);
  if (tls12.state !== 'accepted' || ecdhe.length === 0) return [];
  const found = await Promise.all(
    EC_GROUP_FAMILIES.map((family) =>
      enumerateGroups(session, 'TLSv1.2', ecdhe, family, (outcome) => helloOf(outcome)?.keyExchange?.group),
    ),
  );
  return found.flat().map((code) => groupByCode(code).name);
};

/** A post-quantum hybrid group TLS 1.3 accepted, confirmed by a real handshake that negotiates it. */
export const confirmHybrid = async (
  session: ProbeSession,
  tls13GroupsPending: Promise<number[]>,
  bestPending: Promise<HandshakeOutcome>,
): Promise<boolean | undefined> => {
  const hybrid = (await tls13GroupsPending).map(groupByCode).find((group) => group.hybridPostQuantum && group.nodeName);
  if (!hybrid?.nodeName) return undefined;
  // Node 24 offers X25519MLKEM768 first by default: if the default handshake already
  // negotiated a hybrid group, that is the confirmation, and no extra handshake is needed.
  const best = await bestPending;
  if (best.class === 'accepted' && best.facts.ephemeral.name && groupByName(best.facts.ephemeral.name)?.hybridPostQuantum)
    return true;
  const outcome = await session.real({ minVersion: 'TLSv1.3', ecdhCurve: hybrid.nodeName });
  if (outcome.class === 'cannot-offer') return undefined;
  return outcome.class === 'accepted' && outcome.facts.ephemeral.name === hybrid.nodeName;
};

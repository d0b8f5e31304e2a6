/**
 * The TLS posture prober: what an endpoint really accepts, measured as precisely as sslscan and
 * much faster. Hand-built hellos enumerate versions, suites and groups in one round trip each
 * ("offer all, remove the one the server picked, repeat"); one real handshake reads the
 * certificate chain and what Node itself would negotiate.
 *
 * @example
 * const report = await probeTarget({ host: 'dynamodb.us-east-1.amazonaws.com', port: 443, origin: 'catalog' });
 * report.versions.filter((probe) => probe.state === 'accepted').map((probe) => probe.version);
 */
import type { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import type {
  AcceptedSuite,
  AttemptClass,
  CertificateFacts,
  ChainCertificate,
  TlsReport,
  TlsTarget,
  VersionProbe,
} from '../model/tls.ts';
import { TLS_VERSIONS, type TlsVersion } from '../tls-versions.ts';
import type { HandshakeOutcome, RawOutcome } from './attempts.ts';
import {
  CLASSIC_GROUPS,
  EMPTY_RENEGOTIATION_INFO_SCSV,
  FALLBACK_SCSV,
  groupByCode,
  groupByName,
  isAnonymous,
  isForwardSecret,
  isObsolete,
  NAMED_GROUPS,
  suiteByCode,
  suiteByName,
  suitesFor,
} from './registry.ts';
import { type AttemptTrace, isEcdheCode, openProbeSession, type ProbeOptions } from './session.ts';
import { type ServerHelloInfo, versionFromWire, WIRE_VERSION } from './wire.ts';

interface FamilyResult {
  readonly state: AttemptClass;
  readonly detail?: string | undefined;
  readonly suites: AcceptedSuite[];
  readonly chain: readonly Buffer[];
  readonly renegotiationInfo: boolean | undefined;
  readonly complete: boolean;
}

interface Enumeration {
  readonly probe: VersionProbe;
  /** DER chain from the first accepted TLS ≤1.2 flight, in case no real handshake completes. */
  readonly chain: readonly Buffer[];
  readonly renegotiationInfo: boolean | undefined;
  readonly complete: boolean;
}

export type { AttemptTrace, ProbeOptions };

const ALL_GROUP_CODES = NAMED_GROUPS.map((group) => group.code);
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
const EC_GROUP_FAMILIES: readonly (readonly number[])[] = [
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
const LEGACY_GROUP_CODES = CLASSIC_GROUPS.filter((group) => group.ffdheBits === undefined).map((group) => group.code);
const FFDHE_GROUP_CODES = CLASSIC_GROUPS.filter((group) => group.ffdheBits !== undefined).map((group) => group.code);
const isDheCode = (cipher: number) => ['DHE', 'ADH'].includes(suiteByCode(cipher).keyExchange);

const describeSuite = (code: number, keyExchange?: { group?: number; dhBits?: number }): AcceptedSuite => {
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

const CURVE_BITS: ReadonlyMap<string, number> = new Map([
  ['prime256v1', 256],
  ['secp384r1', 384],
  ['secp521r1', 521],
  ['secp256k1', 256],
]);

const keyOf = (certificate: X509Certificate): { keyType: string; keyBits: number | undefined } => {
  const details = certificate.publicKey.asymmetricKeyDetails ?? {};
  const keyType = certificate.publicKey.asymmetricKeyType ?? 'unknown';
  const keyBits =
    details.modulusLength ??
    (details.namedCurve ? CURVE_BITS.get(details.namedCurve) : undefined) ??
    (keyType === 'ed25519' ? 256 : undefined);
  return { keyType, keyBits };
};

const chainCertificate = (certificate: X509Certificate): ChainCertificate => ({
  subject: certificate.subject.replace(/\n/g, ', '),
  ...keyOf(certificate),
  signatureAlgorithm: certificate.signatureAlgorithm,
  selfIssued: certificate.subject === certificate.issuer,
});

const certificateFacts = (
  chain: readonly X509Certificate[],
  host: string,
  source: CertificateFacts['source'],
  trust: CertificateFacts['trust'],
): CertificateFacts => {
  const leaf = chain[0] as X509Certificate;
  const { keyType, keyBits } = keyOf(leaf);
  return {
    subject: leaf.subject.replace(/\n/g, ', '),
    issuer: leaf.issuer.replace(/\n/g, ', '),
    subjectAltNames: (leaf.subjectAltName ?? '').split(/,\s*/).filter(Boolean),
    notBefore: leaf.validFromDate.toISOString(),
    notAfter: leaf.validToDate.toISOString(),
    keyType,
    keyBits,
    signatureAlgorithm: leaf.signatureAlgorithm,
    chainLength: chain.length,
    chain: chain.map(chainCertificate),
    trust,
    hostnameMatches: isIP(host) ? leaf.checkIP(host) !== undefined : leaf.checkHost(host) !== undefined,
    source,
  };
};

/** Probes one target; never throws: everything it could not learn is in `errors`. */
export const probeTarget = async (target: TlsTarget, options: ProbeOptions = {}): Promise<TlsReport> => {
  const session = openProbeSession(target, options);
  const { started, probedAt, lane, errors, unstable, send, raw, real } = session;

  /**
   * Offer all, take the server's pick, remove it, repeat: one hello per accepted suite, plus
   * one. Each key-exchange family is enumerated on its own, concurrently, so the longest
   * family (not the sum) sets the time; suites are listed in the server's order within a family.
   */
  const enumerateLegacy = async (
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
    const results = await Promise.all(families.map((codes) => enumerateFamily(version, codes)));
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

  const enumerateFamily = async (
    version: Exclude<TlsVersion, 'TLSv1.3'>,
    offered: readonly number[],
    maxAccepted = Number.POSITIVE_INFINITY,
  ): Promise<{
    state: AttemptClass;
    detail?: string | undefined;
    suites: AcceptedSuite[];
    chain: readonly Buffer[];
    renegotiationInfo: boolean | undefined;
    complete: boolean;
  }> => {
    let remaining = [...offered];
    const suites: AcceptedSuite[] = [];
    let chain: readonly Buffer[] = [];
    let renegotiationInfo: boolean | undefined;
    while (remaining.length > 0 && suites.length < maxAccepted) {
      const outcome = await raw(version, [...remaining, EMPTY_RENEGOTIATION_INFO_SCSV], LEGACY_GROUP_CODES, true);
      if (outcome.class !== 'accepted') {
        if (suites.length > 0 && outcome.class === 'error')
          errors.push(`${version} suite enumeration stopped early: ${outcome.detail}`);
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
        errors.push(`${version}: server chose suite 0x${hello.cipher.toString(16)} that was not offered`);
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
  const enumerateGroups = async (
    version: 'TLSv1.2' | 'TLSv1.3',
    suites: readonly number[],
    family: readonly number[],
    pick: (outcome: RawOutcome) => number | undefined,
  ): Promise<number[]> => {
    const found: number[] = [];
    let remaining = [...family];
    while (remaining.length > 0) {
      const outcome = await raw(version, suites, remaining, version === 'TLSv1.2');
      const group = pick(outcome);
      if (group === undefined || !remaining.includes(group)) {
        if (outcome.class === 'error') errors.push(`${version} group enumeration stopped early: ${outcome.detail}`);
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
  const allTls13Suites = suitesFor('TLSv1.3').map((suite) => suite.code);
  const tls13Opening = raw('TLSv1.3', allTls13Suites, ALL_GROUP_CODES, false);
  const isTls13Answer = (outcome: RawOutcome): boolean =>
    outcome.class === 'accepted' && outcome.hello.version === WIRE_VERSION['TLSv1.3'];
  const helloOf = (outcome: RawOutcome): ServerHelloInfo | undefined =>
    outcome.class === 'accepted' ? outcome.hello : undefined;
  const describeFailure = (outcome: RawOutcome): string => (outcome.class === 'accepted' ? '' : outcome.detail);

  const enumerateTls13Suites = async (): Promise<Enumeration> => {
    const version = 'TLSv1.3';
    const opening = await tls13Opening;
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
    let remaining = allTls13Suites.filter((code) => code !== openingHello.cipher);
    let complete = true;
    while (remaining.length > 0) {
      const outcome = await raw(version, remaining, ALL_GROUP_CODES, false);
      const hello = helloOf(outcome);
      if (!hello || !isTls13Answer(outcome) || !remaining.includes(hello.cipher)) {
        if (outcome.class === 'error') {
          complete = false;
          errors.push(`TLSv1.3 suite enumeration stopped early: ${outcome.detail}`);
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

  const enumerateTls13Groups = async (): Promise<number[]> => {
    const opening = await tls13Opening;
    const preferred = isTls13Answer(opening) ? helloOf(opening)?.selectedGroup : undefined;
    if (preferred === undefined) return [];
    const families = GROUP_FAMILIES.map((family) => family.filter((code) => code !== preferred)).filter(
      (family) => family.length > 0,
    );
    const found = await Promise.all(
      families.map((family) =>
        enumerateGroups('TLSv1.3', allTls13Suites, family, (outcome) =>
          isTls13Answer(outcome) ? helloOf(outcome)?.selectedGroup : undefined,
        ),
      ),
    );
    return [preferred, ...found.flat()];
  };
  // Everything starts at once; each dependent probe starts as soon as its own input is known.
  const legacyVersions = ['SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2'] as const;
  // One opening hello per version: a refusal costs one hello, an answer names the preferred suite.
  const legacyOpenings = legacyVersions.map((version) =>
    enumerateFamily(
      version,
      suitesFor(version).map((suite) => suite.code),
      1,
    ),
  );
  const legacyPending = legacyVersions.map((version, index) =>
    enumerateLegacy(version, legacyOpenings[index] as Promise<FamilyResult>),
  );
  const tls13Pending = enumerateTls13Suites();
  const tls13GroupsPending = enumerateTls13Groups();
  const bestPending = real({});

  /**
   * Server preference without waiting for the enumeration: offer every suite again in reverse
   * order. A server that imposes its order picks the same suite; one that follows the client
   * picks the first it supports in the new order, which differs whenever two suites are accepted.
   */
  const preferencePick = async (version: TlsVersion, firstPick: Promise<number | undefined>): Promise<number | undefined> => {
    if ((await firstPick) === undefined) return undefined;
    const reversed = suitesFor(version)
      .map((suite) => suite.code)
      .reverse();
    const groups = version === 'TLSv1.3' ? ALL_GROUP_CODES : LEGACY_GROUP_CODES;
    return helloOf(await raw(version, reversed, groups, false))?.cipher;
  };
  const firstPicks: Promise<number | undefined>[] = [
    ...legacyOpenings.map((opening) => opening.then((result) => result.suites[0]?.code)),
    tls13Opening.then((outcome) => (isTls13Answer(outcome) ? helloOf(outcome)?.cipher : undefined)),
  ];
  const preferencePicks = [...legacyVersions, 'TLSv1.3' as const].map((version, index) =>
    preferencePick(version, firstPicks[index] as Promise<number | undefined>),
  );

  /** RFC 7507: needs only to know which versions answered, so it starts after the opening hellos. */
  const fallbackScsv = async (): Promise<TlsReport['fallbackScsv']> => {
    const picks = await Promise.all(firstPicks);
    const accepted = [...legacyVersions, 'TLSv1.3' as const].filter(
      (version, index) => version !== 'SSLv3' && picks[index] !== undefined,
    );
    if (accepted.length < 2) return 'not-applicable';
    const lower = accepted[accepted.length - 2] as Exclude<TlsVersion, 'TLSv1.3'>;
    const suites = [...suitesFor(lower).map((suite) => suite.code), FALLBACK_SCSV];
    const outcome = await raw(lower, suites, LEGACY_GROUP_CODES, false);
    if (outcome.class === 'refused' && outcome.detail === 'inappropriate_fallback') return 'supported';
    if (outcome.class === 'accepted') return 'not-supported';
    errors.push(`fallback SCSV test inconclusive: ${outcome.detail}`);
    return 'error';
  };
  /**
   * Every refusal a verdict rests on, asked again on a single connection once the enumeration is
   * done: a version below the minimum, and each version's weak suites (no forward secrecy,
   * obsolete, anonymous) the enumeration did not find. An answer that changes marks the report
   * unstable, which the checks turn into ERROR: a verdict that depends on concurrency never passes.
   */
  const confirmRefusals = async (enumerated: readonly Enumeration[]): Promise<void> => {
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
  const dheAsFfdheClientsSeeIt = async (enumerated: readonly Enumeration[]): Promise<TlsReport['dheWithFfdhe']> => {
    const tls12 = enumerated.find((enumeration) => enumeration.probe.version === 'TLSv1.2');
    if (tls12?.probe.state !== 'accepted') return undefined;
    const accepted = tls12.probe.suites.filter((suite) => isDheCode(suite.code)).map((suite) => suite.code);
    const offered = accepted.length
      ? accepted
      : suitesFor('TLSv1.2')
          .filter((suite) => isDheCode(suite.code))
          .map((suite) => suite.code);
    const outcome = await raw('TLSv1.2', offered, [...FFDHE_GROUP_CODES, ...LEGACY_GROUP_CODES], true);
    if (outcome.class !== 'accepted' || !isDheCode(outcome.hello.cipher)) return undefined;
    const suite = describeSuite(outcome.hello.cipher, outcome.hello.keyExchange);
    return { suite: suite.openssl, dhBits: suite.dhBits, missedWithoutFfdhe: accepted.length === 0 };
  };

  /** When the default handshake (which offers TLS 1.3) fails, the certificate is read at the highest version that answered. */
  const fallbackHandshake = async (enumerated: readonly Enumeration[]): Promise<HandshakeOutcome> => {
    const highest = [...enumerated]
      .reverse()
      .find((enumeration) => enumeration.probe.state === 'accepted' && enumeration.probe.version !== 'SSLv3')?.probe.version;
    if (!highest) return best;
    const version = highest as Exclude<TlsVersion, 'SSLv3' | 'TLSv1.3'>;
    const outcome = await real({ minVersion: version, maxVersion: version });
    return outcome.class === 'accepted' ? outcome : best;
  };

  /**
   * The chain as Node's default client sees it: the same handshake at OpenSSL's default security
   * level. Level 0 (every other attempt) sees every server; this says whether ordinary clients
   * would accept the chain, and which rule refused it (EE_KEY_TOO_SMALL, CA_MD_TOO_WEAK…).
   */
  const validateAtDefaultLevel = async (
    at: Extract<HandshakeOutcome, { class: 'accepted' }>,
  ): Promise<NonNullable<CertificateFacts['trust']['defaultLevel']> | undefined> => {
    const protocol = at.facts.protocol as Exclude<TlsVersion, 'SSLv3'>;
    const pinned = TLS_VERSIONS.includes(protocol) ? { minVersion: protocol, maxVersion: protocol } : {};
    const outcome = await real({ ...pinned, defaultSecurityLevel: true });
    if (outcome.class === 'accepted')
      return outcome.facts.chainAuthorized ? { state: 'trusted' } : { state: 'untrusted', error: outcome.facts.chainError };
    if (outcome.class === 'refused' || outcome.class === 'cannot-offer') return { state: 'refused', error: outcome.detail };
    return undefined;
  };

  const tls12Groups = async (): Promise<string[]> => {
    const tls12 = (await legacyPending[3])?.probe;
    const ecdhe = tls12?.suites.filter((suite) => isEcdheCode(suite.code)).map((suite) => suite.code) ?? [];
    if (!options.tls12Groups || !tls12 || tls12.state !== 'accepted' || ecdhe.length === 0) return [];
    const found = await Promise.all(
      EC_GROUP_FAMILIES.map((family) =>
        enumerateGroups('TLSv1.2', ecdhe, family, (outcome) => helloOf(outcome)?.keyExchange?.group),
      ),
    );
    return found.flat().map((code) => groupByCode(code).name);
  };
  const confirmHybrid = async (): Promise<boolean | undefined> => {
    const hybrid = (await tls13GroupsPending).map(groupByCode).find((group) => group.hybridPostQuantum && group.nodeName);
    if (!hybrid?.nodeName) return undefined;
    // Node 24 offers X25519MLKEM768 first by default: if the default handshake already
    // negotiated a hybrid group, that is the confirmation, and no extra handshake is needed.
    const best = await bestPending;
    if (best.class === 'accepted' && best.facts.ephemeral.name && groupByName(best.facts.ephemeral.name)?.hybridPostQuantum)
      return true;
    const outcome = await real({ minVersion: 'TLSv1.3', ecdhCurve: hybrid.nodeName });
    if (outcome.class === 'cannot-offer') return undefined;
    return outcome.class === 'accepted' && outcome.facts.ephemeral.name === hybrid.nodeName;
  };
  const [legacy, tls13, tls13Groups, best, picks, secondPicks, fallback, groups12, hybridConfirmed] = await Promise.all([
    Promise.all(legacyPending),
    tls13Pending,
    tls13GroupsPending,
    bestPending,
    Promise.all(firstPicks),
    Promise.all(preferencePicks),
    fallbackScsv(),
    tls12Groups(),
    confirmHybrid(),
  ]);
  const [, dheWithFfdhe, certificateHandshake] = await Promise.all([
    confirmRefusals(legacy),
    dheAsFfdheClientsSeeIt(legacy),
    best.class === 'accepted' ? best : fallbackHandshake(legacy),
  ]);
  const enumerations = [...legacy, tls13];
  const preferences = enumerations.map((enumeration, index) =>
    enumeration.probe.suites.length < 2 || secondPicks[index] === undefined ? null : secondPicks[index] === picks[index],
  );

  const versions: VersionProbe[] = TLS_VERSIONS.map((version) => {
    const index = enumerations.findIndex((enumeration) => enumeration.probe.version === version);
    const enumeration = enumerations[index] as Enumeration;
    return { ...enumeration.probe, serverPreference: preferences[index] ?? null };
  });
  for (const enumeration of enumerations) {
    if (enumeration.probe.state === 'error') errors.push(`${enumeration.probe.version}: ${enumeration.probe.detail}`);
  }

  let certificate: CertificateFacts | undefined;
  if (certificateHandshake.class === 'accepted' && certificateHandshake.facts.leaf) {
    const facts = certificateHandshake.facts;
    const defaultLevel = await validateAtDefaultLevel(certificateHandshake);
    const trust = facts.chainAuthorized
      ? { state: 'trusted' as const, defaultLevel }
      : { state: 'untrusted' as const, error: facts.chainError, defaultLevel };
    certificate = certificateFacts(facts.chain, target.host, 'handshake', trust);
  } else {
    const chain = legacy.find((enumeration) => enumeration.chain.length > 0)?.chain ?? [];
    const [leafDer] = chain;
    if (leafDer) {
      const { X509Certificate } = await import('node:crypto');
      const detail = certificateHandshake.class === 'accepted' ? 'no certificate' : certificateHandshake.detail;
      certificate = certificateFacts(
        chain.map((der) => new X509Certificate(der)),
        target.host,
        'raw-flight',
        { state: 'unknown', error: `no complete handshake to validate the chain (${detail})` },
      );
    }
  }
  if (certificateHandshake.class === 'error') errors.push(`default handshake: ${certificateHandshake.detail}`);

  // The real handshake is a second witness: what Node negotiated must be in the matrix, or the
  // enumeration missed something (a suite outside the registry, a lost answer).
  const negotiated = best.class === 'accepted' ? best.facts : undefined;
  const negotiatedProbe = negotiated && versions.find((entry) => entry.version === negotiated.protocol);
  const negotiatedMissing =
    negotiated !== undefined &&
    negotiatedProbe !== undefined &&
    !negotiatedProbe.suites.some((suite) => suite.code === suiteByName(negotiated.cipher)?.code);
  if (negotiated && negotiatedMissing)
    errors.push(
      `the default handshake negotiated ${negotiated.cipher} at ${negotiated.protocol}, which the enumeration did not find`,
    );
  // No ServerHello ever: a peer that reads a hello and closes, or alerts everything, has shown
  // nothing, so no suite or version verdict may rest on it (never a vacuous PASS).
  const anyServerHello = versions.some((probe) => probe.state === 'accepted') || best.class === 'accepted';
  if (!anyServerHello) errors.push('no attempt reached a ServerHello, so nothing the endpoint accepts is known');
  const enumerationComplete = enumerations.every((enumeration) => enumeration.complete) && !negotiatedMissing;
  const complete = enumerationComplete && errors.length === 0;
  return {
    target,
    endpoint: `${target.host}:${target.port}`,
    probedAt,
    durationMs: Math.round(performance.now() - started),
    handshakes: session.handshakes,
    status: !anyServerHello ? 'unreachable' : unstable.length ? 'unstable' : complete ? 'complete' : 'partial',
    unstable,
    dheWithFfdhe,
    peakConcurrency: lane.peakWidth,
    enumerationComplete,
    versions,
    tls13Groups: tls13Groups
      .map(groupByCode)
      .map((group) => ({ name: group.name, code: group.code, hybridPostQuantum: group.hybridPostQuantum })),
    tls12Groups: groups12,
    negotiated:
      best.class === 'accepted'
        ? {
            version: best.facts.protocol,
            cipher: best.facts.cipher,
            ...(best.facts.ephemeral.name ? { group: best.facts.ephemeral.name } : {}),
            ...(best.facts.ephemeral.type === 'DH' ? { dhBits: best.facts.ephemeral.size } : {}),
          }
        : undefined,
    postQuantumHybrid: {
      accepted: tls13Groups.some((code) => groupByCode(code).hybridPostQuantum),
      confirmedByHandshake: hybridConfirmed,
    },
    fallbackScsv: fallback,
    secureRenegotiation: legacy.some((enumeration) => enumeration.probe.state === 'accepted')
      ? legacy.some((enumeration) => enumeration.renegotiationInfo === true)
      : undefined,
    certificate,
    errors,
  };
};

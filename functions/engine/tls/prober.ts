/**
 * The TLS posture prober: what an endpoint really accepts, measured as precisely as sslscan and
 * much faster. Hand-built hellos enumerate versions, suites and groups in one round trip each
 * ("offer all, remove the one the server picked, repeat"); one real handshake reads the
 * certificate chain and what Node itself would negotiate.
 *
 * This file composes a probe: the target's session (session.ts: the lane, the attempts, what went
 * wrong), the enumerators (enumerate.ts), what is asked beyond them (extras.ts), and the report.
 *
 * @example
 * const report = await probeTarget({ host: 'dynamodb.us-east-1.amazonaws.com', port: 443, origin: 'catalog' });
 * report.versions.filter((probe) => probe.state === 'accepted').map((probe) => probe.version);
 */
import type { CertificateFacts, TlsReport, TlsTarget, VersionProbe } from '../model/tls.ts';
import { TLS_VERSIONS } from '../tls-versions.ts';
import { certificateFacts } from './certificate.ts';
import {
  type Enumeration,
  enumerateFamily,
  enumerateLegacy,
  enumerateTls13Groups,
  enumerateTls13Suites,
  type FamilyResult,
  helloOf,
  isTls13Answer,
  openTls13,
} from './enumerate.ts';
import {
  confirmHybrid,
  confirmRefusals,
  dheAsFfdheClientsSeeIt,
  fallbackHandshake,
  fallbackScsv,
  LEGACY_VERSIONS,
  preferencePick,
  tls12Groups,
  validateAtDefaultLevel,
} from './extras.ts';
import { groupByCode, suiteByName, suitesFor } from './registry.ts';
import { type AttemptTrace, openProbeSession, type ProbeOptions } from './session.ts';

export type { AttemptTrace, ProbeOptions };

/** Probes one target; never throws: everything it could not learn is in `errors`. */
export const probeTarget = async (target: TlsTarget, options: ProbeOptions = {}): Promise<TlsReport> => {
  const session = openProbeSession(target, options);
  const { started, probedAt, lane, errors, unstable, real } = session;

  // Everything starts at once; each dependent probe starts as soon as its own input is known.
  // One opening hello per version: a refusal costs one hello, an answer names the preferred suite.
  const legacyOpenings = LEGACY_VERSIONS.map((version) =>
    enumerateFamily(
      session,
      version,
      suitesFor(version).map((suite) => suite.code),
      1,
    ),
  );
  const legacyPending = LEGACY_VERSIONS.map((version, index) =>
    enumerateLegacy(session, version, legacyOpenings[index] as Promise<FamilyResult>),
  );
  const tls13Opening = openTls13(session);
  const tls13Pending = enumerateTls13Suites(session, tls13Opening);
  const tls13GroupsPending = enumerateTls13Groups(session, tls13Opening);
  const bestPending = real({});
  const firstPicks: Promise<number | undefined>[] = [
    ...legacyOpenings.map((opening) => opening.then((result) => result.suites[0]?.code)),
    tls13Opening.then((outcome) => (isTls13Answer(outcome) ? helloOf(outcome)?.cipher : undefined)),
  ];
  const preferencePicks = [...LEGACY_VERSIONS, 'TLSv1.3' as const].map((version, index) =>
    preferencePick(session, version, firstPicks[index] as Promise<number | undefined>),
  );

  const [legacy, tls13, tls13Groups, best, picks, secondPicks, fallback, groups12, hybridConfirmed] = await Promise.all([
    Promise.all(legacyPending),
    tls13Pending,
    tls13GroupsPending,
    bestPending,
    Promise.all(firstPicks),
    Promise.all(preferencePicks),
    fallbackScsv(session, firstPicks),
    options.tls12Groups ? tls12Groups(session, legacyPending[3] as Promise<Enumeration>) : [],
    confirmHybrid(session, tls13GroupsPending, bestPending),
  ]);
  const [, dheWithFfdhe, certificateHandshake] = await Promise.all([
    confirmRefusals(session, legacy),
    dheAsFfdheClientsSeeIt(session, legacy),
    best.class === 'accepted' ? best : fallbackHandshake(session, legacy, best),
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
    const defaultLevel = await validateAtDefaultLevel(session, certificateHandshake);
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

/**
 * What the TLS benchmarks compare between our prober and sslscan: the accepted versions,
 * whether only forward-secret suites are accepted, and the suites per version.
 */

import { allAcceptedSuites, type TlsReport } from '../../functions/engine/model/tls.ts';
import type { ReferenceVerdict } from '../../lab/reference-scanners.ts';

export const verdictOf = (report: TlsReport) => ({
  versions: report.versions.filter((probe) => probe.state === 'accepted').map((probe) => probe.version),
  forwardSecretOnly: allAcceptedSuites(report).every((suite) => suite.forwardSecret && !suite.anonymous),
  suites: Object.fromEntries(
    report.versions
      .filter((probe) => probe.suites.length)
      .map((probe) => [probe.version, probe.suites.map((suite) => suite.openssl).sort()]),
  ),
});
export type Verdict = ReturnType<typeof verdictOf>;

/** Same accepted versions and the same forward-secrecy verdict. */
export const agreesOnPosture = (ours: Verdict, theirs: ReferenceVerdict): boolean =>
  JSON.stringify(ours.versions) === JSON.stringify(theirs.versions) && ours.forwardSecretOnly === theirs.forwardSecretOnly;

/** The posture, and every accepted suite of every accepted version. */
export const agrees = (ours: Verdict, theirs: ReferenceVerdict): boolean =>
  agreesOnPosture(ours, theirs) &&
  ours.versions.every(
    (version) => JSON.stringify(ours.suites[version] ?? []) === JSON.stringify([...(theirs.suites[version] ?? [])].sort()),
  );

/** What every TLS-endpoint check needs: the report, its subject line, the required minimum. */
import { type AcceptedSuite, allAcceptedSuites, type CertificateFacts, type TlsReport } from '../../model/tls.ts';
import { displayTlsVersion, type TlsVersion } from '../../tls-versions.ts';
import type { Resource, Verdict } from '../../types.ts';
import type { EvaluationContext } from '../check.ts';

export interface TlsEndpointFacts {
  readonly report: TlsReport;
  /** `TLS endpoint dynamodb.us-east-1.amazonaws.com:443 (Amazon DynamoDB)` */
  readonly subject: string;
  /** The minimum version this endpoint must enforce: target, then service, then organisation. */
  readonly required: TlsVersion;
  readonly suites: readonly AcceptedSuite[];
  /** True when every version's suites were enumerated to the end, so an absence is proven. */
  readonly enumerationComplete: boolean;
  verdict(base: Omit<Verdict, 'monitoredService'>): Verdict;
  /** ERROR when nothing could be measured: fail closed, never PASS. */
  readonly unreachable: Verdict | undefined;
  /** ERROR when answers changed between concurrent and sequential attempts: no verdict on versions or suites. */
  readonly unstable: Verdict | undefined;
}

export const tlsEndpointFacts = (resource: Resource<TlsReport>, ctx: EvaluationContext): TlsEndpointFacts => {
  const report = resource.attributes;
  const serviceKey = report.target.serviceKey;
  const service = serviceKey ? ctx.catalog[serviceKey] : undefined;
  const subject = `TLS endpoint ${report.endpoint}${service ? ` (${service.displayName})` : ''}`;
  const verdict = (base: Omit<Verdict, 'monitoredService'>): Verdict => ({ ...base, monitoredService: serviceKey });
  return {
    report,
    subject,
    required: report.target.minimumVersion ?? ctx.policy.minimumTls(serviceKey ?? ''),
    suites: allAcceptedSuites(report),
    enumerationComplete: report.enumerationComplete,
    verdict,
    unreachable:
      report.status === 'unreachable'
        ? verdict({
            status: 'ERROR',
            message: `${subject} could not be probed: ${report.errors[0] ?? report.versions.map((probe) => probe.detail).find(Boolean) ?? 'no answer'}.`,
            evidence: {
              errors: report.errors,
              versions: report.versions.map((probe) => ({
                version: probe.version,
                state: probe.state,
                detail: probe.detail ?? null,
              })),
            },
          })
        : undefined,
    unstable:
      report.status === 'unstable'
        ? verdict({
            status: 'ERROR',
            message: `${subject} answered differently to concurrent and to sequential attempts (${report.unstable[0]}), so what it accepts is not proven; it may shed concurrent connections (lower tls.probe.concurrency).`,
            evidence: { unstable: report.unstable, peakConcurrency: report.peakConcurrency },
          })
        : undefined,
  };
};

/** `TLS 1.0, TLS 1.2` for a message. */
export const versionList = (versions: readonly TlsVersion[]): string => versions.map(displayTlsVersion).join(', ');

/**
 * Runs `judge` unless the endpoint could not be probed at all, or answered unstably, which are
 * ERROR (fail closed): every version and suite verdict rests on refusals being real.
 */
export const judgeTlsEndpoint = (
  resource: Resource<TlsReport>,
  ctx: EvaluationContext,
  judge: (facts: TlsEndpointFacts) => Verdict,
): Verdict => {
  const facts = tlsEndpointFacts(resource, ctx);
  return facts.unreachable ?? facts.unstable ?? judge(facts);
};

/** As {@link judgeTlsEndpoint}, for checks about the certificate: no certificate read is ERROR. */
export const judgeCertificate = (
  resource: Resource<TlsReport>,
  ctx: EvaluationContext,
  judge: (facts: TlsEndpointFacts, certificate: CertificateFacts) => Verdict,
): Verdict => {
  // The certificate does not depend on concurrency: an unstable report still has a judgeable one.
  const facts = tlsEndpointFacts(resource, ctx);
  if (facts.unreachable) return facts.unreachable;
  return facts.report.certificate
    ? judge(facts, facts.report.certificate)
    : facts.verdict({
        status: 'ERROR',
        message: `${facts.subject}: no certificate could be read.`,
        evidence: { errors: facts.report.errors },
      });
};

import type { Check } from '../check.ts';
import { NIST } from '../frameworks.ts';
import { judgeTlsEndpoint } from '../lib/tls-endpoint.ts';

const check = {
  id: 'tls_endpoint_secure_renegotiation_supported',
  title: 'TLS ≤1.2 endpoints support secure renegotiation (RFC 5746)',
  headline: 'TLS endpoint lacks secure renegotiation',
  service: 'tls',
  severity: 'LOW',
  resourceType: 'TPM::TLS::Endpoint',
  subject: 'tlsEndpoints',
  requires: [],
  frameworks: [NIST.SC_23],
  rationale:
    "Without the renegotiation_info extension, an attacker can splice its own request in front of a victim's TLS ≤1.2 session (CVE-2009-3555). TLS 1.3 removed renegotiation; only endpoints that still speak TLS 1.2 or older are judged.",
  remediation: 'Upgrade the TLS stack of the terminator; every maintained one supports RFC 5746.',
  references: ['https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html'],
  evaluate: (resource, ctx) =>
    judgeTlsEndpoint(resource, ctx, (facts) => {
      const { report, subject, verdict } = facts;
      const evidence = { secureRenegotiation: report.secureRenegotiation ?? null };
      if (report.secureRenegotiation === undefined) {
        return verdict({ status: 'NOT_APPLICABLE', message: `${subject} speaks no version older than TLS 1.3.`, evidence });
      }
      if (report.secureRenegotiation)
        return verdict({ status: 'PASS', message: `${subject} supports secure renegotiation.`, evidence });
      return verdict({
        status: 'FAIL',
        message: `${subject} does not signal secure renegotiation (no renegotiation_info).`,
        evidence,
      });
    }),
} satisfies Check<'tlsEndpoints'>;

export { check };

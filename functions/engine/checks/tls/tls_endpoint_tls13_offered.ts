import type { Check } from '../check.ts';
import { NIST } from '../frameworks.ts';
import { judgeTlsEndpoint } from '../lib/tls-endpoint.ts';

const check = {
  id: 'tls_endpoint_tls13_offered',
  title: 'TLS endpoints offer TLS 1.3',
  headline: 'TLS endpoint does not offer TLS 1.3',
  service: 'tls',
  severity: 'INFO',
  resourceType: 'TPM::TLS::Endpoint',
  subject: 'tlsEndpoints',
  requires: [],
  frameworks: [NIST.SC_8_1, NIST.SC_13],
  rationale:
    'AWS recommends TLS 1.3: every TLS 1.3 suite is forward-secret and the handshake hides the certificate. Informational: its absence is not a breach of the promise, but it is the direction every AWS service is moving.',
  remediation:
    'Choose a TLS 1.3 capable policy (ELBSecurityPolicy-TLS13-*, CloudFront TLSv1.2_2021 or later, API Gateway enhanced policies).',
  references: ['https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html'],
  evaluate: (resource, ctx) =>
    judgeTlsEndpoint(resource, ctx, (facts) => {
      const { report, subject, verdict } = facts;
      const tls13 = report.versions.find((probe) => probe.version === 'TLSv1.3');
      const evidence = { state: tls13?.state ?? 'unknown', detail: tls13?.detail ?? null };
      if (tls13?.state === 'accepted') return verdict({ status: 'PASS', message: `${subject} offers TLS 1.3.`, evidence });
      if (tls13?.state === 'refused') return verdict({ status: 'FAIL', message: `${subject} does not offer TLS 1.3.`, evidence });
      return verdict({
        status: 'ERROR',
        message: `${subject}: TLS 1.3 support could not be determined (${tls13?.detail}).`,
        evidence,
      });
    }),
} satisfies Check<'tlsEndpoints'>;

export { check };

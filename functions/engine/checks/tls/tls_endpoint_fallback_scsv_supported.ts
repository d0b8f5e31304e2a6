import type { Check } from '../check.ts';
import { NIST } from '../frameworks.ts';
import { judgeTlsEndpoint } from '../lib/tls-endpoint.ts';

const check = {
  id: 'tls_endpoint_fallback_scsv_supported',
  title: 'TLS endpoints that accept several versions reject downgraded retries (TLS_FALLBACK_SCSV)',
  headline: 'TLS endpoint accepts downgraded retries',
  service: 'tls',
  severity: 'LOW',
  resourceType: 'TPM::TLS::Endpoint',
  subject: 'tlsEndpoints',
  requires: [],
  frameworks: [NIST.SC_8_1, NIST.SC_23],
  rationale:
    'When a server accepts more than one version, an attacker can break the first handshake to make a client retry with a lower one. RFC 7507 lets the server refuse such a retry (inappropriate_fallback), so the client keeps the best version both sides support.',
  remediation:
    'Use a TLS stack that implements RFC 7507 (every current OpenSSL, s2n, BoringSSL does), or accept a single protocol version.',
  references: ['https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html'],
  evaluate: (resource, ctx) =>
    judgeTlsEndpoint(resource, ctx, (facts) => {
      const { report, subject, verdict } = facts;
      const evidence = { fallbackScsv: report.fallbackScsv };
      switch (report.fallbackScsv) {
        case 'supported':
          return verdict({
            status: 'PASS',
            message: `${subject} rejects downgraded retries with inappropriate_fallback.`,
            evidence,
          });
        case 'not-supported':
          return verdict({
            status: 'FAIL',
            message: `${subject} accepts a downgraded retry carrying TLS_FALLBACK_SCSV.`,
            evidence,
          });
        case 'not-applicable':
          return verdict({
            status: 'NOT_APPLICABLE',
            message: `${subject} accepts a single protocol version, so there is nothing to fall back to.`,
            evidence,
          });
        default:
          return verdict({ status: 'ERROR', message: `${subject}: the fallback test was inconclusive.`, evidence });
      }
    }),
} satisfies Check<'tlsEndpoints'>;

export { check };

import type { Check } from '../check.ts';
import { NIST, PCI } from '../frameworks.ts';
import { judgeCertificate } from '../lib/tls-endpoint.ts';

const check = {
  id: 'tls_endpoint_certificate_trusted',
  title: 'TLS endpoint certificates chain to a trusted root',
  headline: 'TLS certificate is not trusted',
  service: 'tls',
  severity: 'HIGH',
  resourceType: 'TPM::TLS::Endpoint',
  subject: 'tlsEndpoints',
  requires: [],
  frameworks: [NIST.SC_17, NIST.SC_23, PCI.R4_2_1],
  rationale:
    'TLS keeps traffic private only if the client talks to the real service. A certificate that does not chain to a trusted root, whether self-signed, from an unknown CA or incomplete, means either clients skip verification or a man in the middle is presenting it.',
  remediation:
    'Serve a certificate issued by a public CA (ACM) or by the private CA your clients trust, with the full intermediate chain. For a private CA, add it to the target as caFile in the policy file so the monitor trusts what your clients trust.',
  references: ['https://docs.aws.amazon.com/acm/latest/userguide/acm-overview.html'],
  evaluate: (resource, ctx) =>
    judgeCertificate(resource, ctx, ({ subject, verdict }, certificate) => {
      const evidence = {
        subject: certificate.subject,
        issuer: certificate.issuer,
        chainLength: certificate.chainLength,
        trust: certificate.trust.state,
        error: certificate.trust.error ?? null,
      };
      if (certificate.trust.state === 'trusted')
        return verdict({ status: 'PASS', message: `${subject} presents a certificate that chains to a trusted root.`, evidence });
      if (certificate.trust.state === 'unknown') {
        return verdict({
          status: 'ERROR',
          message: `${subject}: the chain could not be validated (${certificate.trust.error}).`,
          evidence,
        });
      }
      return verdict({
        status: 'FAIL',
        message: `${subject} presents an untrusted certificate (${certificate.trust.error ?? 'chain validation failed'}), issued by ${certificate.issuer}.`,
        evidence,
      });
    }),
} satisfies Check<'tlsEndpoints'>;

export { check };

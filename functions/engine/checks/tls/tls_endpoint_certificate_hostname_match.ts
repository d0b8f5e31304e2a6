import type { Check } from '../check.ts';
import { NIST, PCI } from '../frameworks.ts';
import { judgeCertificate } from '../lib/tls-endpoint.ts';

const check = {
  id: 'tls_endpoint_certificate_hostname_match',
  title: 'TLS endpoint certificates match the hostname clients use',
  headline: 'TLS certificate does not match the hostname',
  service: 'tls',
  severity: 'HIGH',
  resourceType: 'TPM::TLS::Endpoint',
  subject: 'tlsEndpoints',
  requires: [],
  frameworks: [NIST.SC_23, PCI.R4_2_1],
  rationale:
    'A certificate for another name fails verification in every correct client, which pushes teams to disable verification, and then TLS protects nothing. The name is checked on its own: a chain error must not hide a name mismatch, or the reverse.',
  remediation:
    'Issue the certificate with the hostname (or a matching wildcard) in its subjectAltName, or point clients at a name the certificate covers.',
  references: ['https://docs.aws.amazon.com/acm/latest/userguide/acm-certificate.html'],
  evaluate: (resource, ctx) =>
    judgeCertificate(resource, ctx, ({ report, subject, verdict }, certificate) => {
      const evidence = {
        hostname: report.target.host,
        subjectAltNames: certificate.subjectAltNames,
        certificateSubject: certificate.subject,
      };
      if (certificate.hostnameMatches)
        return verdict({
          status: 'PASS',
          message: `${subject} presents a certificate valid for ${report.target.host}.`,
          evidence,
        });
      return verdict({
        status: 'FAIL',
        message: `${subject} presents a certificate for ${certificate.subjectAltNames.join(', ') || certificate.subject}, not for ${report.target.host}.`,
        evidence,
      });
    }),
} satisfies Check<'tlsEndpoints'>;

export { check };

import type { Check } from '../check.ts';
import { NIST, PCI } from '../frameworks.ts';
import { judgeCertificate } from '../lib/tls-endpoint.ts';

const DAY_MS = 86_400_000;

const check = {
  id: 'tls_endpoint_certificate_not_expiring',
  title: 'TLS endpoint certificates are valid and not about to expire',
  headline: 'TLS certificate expiring or expired',
  service: 'tls',
  severity: 'HIGH',
  resourceType: 'TPM::TLS::Endpoint',
  subject: 'tlsEndpoints',
  requires: [],
  frameworks: [NIST.SC_17, NIST.SC_23, PCI.R4_2_1],
  rationale:
    'An expired certificate breaks every verifying client at once, and the usual emergency fix is to turn verification off. A warning a configurable number of days ahead (tls.certificateExpiryDays) turns that outage into a routine renewal.',
  remediation:
    'Renew or re-import the certificate (ACM renews certificates it issued when DNS validation still resolves); then redeploy it to the terminator.',
  references: ['https://docs.aws.amazon.com/acm/latest/userguide/managed-renewal.html'],
  evaluate: (resource, ctx) =>
    judgeCertificate(resource, ctx, ({ subject, verdict }, certificate) => {
      const daysToExpiry = Math.floor((Date.parse(certificate.notAfter) - ctx.now.getTime()) / DAY_MS);
      const threshold = ctx.policy.certificateExpiryDays;
      const evidence = { notBefore: certificate.notBefore, notAfter: certificate.notAfter, daysToExpiry, warningDays: threshold };
      if (Date.parse(certificate.notBefore) > ctx.now.getTime()) {
        return verdict({
          status: 'FAIL',
          message: `${subject} presents a certificate that is not valid until ${certificate.notBefore}.`,
          evidence,
        });
      }
      if (daysToExpiry < 0) {
        return verdict({
          status: 'FAIL',
          severity: 'CRITICAL',
          message: `${subject} presents a certificate that expired on ${certificate.notAfter.slice(0, 10)} (${-daysToExpiry} days ago).`,
          evidence,
        });
      }
      if (daysToExpiry < threshold) {
        return verdict({
          status: 'FAIL',
          severity: 'MEDIUM',
          message: `${subject} presents a certificate that expires in ${daysToExpiry} days (${certificate.notAfter.slice(0, 10)}), within the ${threshold}-day warning window.`,
          evidence,
        });
      }
      return verdict({
        status: 'PASS',
        message: `${subject} presents a certificate valid for ${daysToExpiry} more days.`,
        evidence,
      });
    }),
} satisfies Check<'tlsEndpoints'>;

export { check };

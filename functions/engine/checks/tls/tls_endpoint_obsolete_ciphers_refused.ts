import type { Check } from '../check.ts';
import { NIST, PCI } from '../frameworks.ts';
import { judgeTlsEndpoint } from '../lib/tls-endpoint.ts';

const check = {
  id: 'tls_endpoint_obsolete_ciphers_refused',
  title: 'TLS endpoints refuse obsolete ciphers (3DES, RC4, DES, NULL, export)',
  headline: 'TLS endpoint accepts obsolete ciphers',
  service: 'tls',
  severity: 'HIGH',
  resourceType: 'TPM::TLS::Endpoint',
  subject: 'tlsEndpoints',
  requires: [],
  frameworks: [NIST.SC_8_1, NIST.SC_13, PCI.R4_2_1],
  rationale:
    'Policies such as ELBSecurityPolicy-TLS-1-0-2015-04 still accept 3DES, which Sweet32 makes recoverable over long sessions, and RC4, NULL and export suites are broken outright. Node and most TLS libraries can no longer even offer them, so a prober built on them reports such an endpoint as clean; this one offers them on the wire.',
  remediation:
    'Move the terminator to a current policy (ELBSecurityPolicy-TLS13-1-2-2021-06, CloudFront TLSv1.2_2021, API Gateway TLS_1_2 or newer) that lists none of these suites.',
  references: ['https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html'],
  evaluate: (resource, ctx) =>
    judgeTlsEndpoint(resource, ctx, (facts) => {
      const { subject, suites, verdict } = facts;
      const obsolete = suites.filter((suite) => suite.obsolete);
      const evidence = { obsoleteSuites: obsolete.map((suite) => suite.openssl) };
      if (obsolete.length > 0) {
        return verdict({
          status: 'FAIL',
          message: `${subject} accepts obsolete suites: ${obsolete.map((suite) => suite.openssl).join(', ')}.`,
          evidence,
          degree: obsolete.length,
        });
      }
      if (!facts.enumerationComplete) {
        return verdict({
          status: 'ERROR',
          message: `${subject}: suite enumeration did not finish, so obsolete suites cannot be ruled out.`,
          evidence,
        });
      }
      return verdict({ status: 'PASS', message: `${subject} refuses every obsolete suite.`, evidence });
    }),
} satisfies Check<'tlsEndpoints'>;

export { check };

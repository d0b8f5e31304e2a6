import type { Check } from '../check.ts';
import { NIST, PCI } from '../frameworks.ts';
import { judgeTlsEndpoint } from '../lib/tls-endpoint.ts';

const check = {
  id: 'tls_endpoint_forward_secrecy_enforced',
  title: 'TLS endpoints accept only forward-secret cipher suites (ECDHE/DHE)',
  headline: 'TLS endpoint accepts non-forward-secret suites',
  service: 'tls',
  severity: 'HIGH',
  resourceType: 'TPM::TLS::Endpoint',
  subject: 'tlsEndpoints',
  requires: [],
  frameworks: [NIST.SC_8_1, NIST.SC_13, PCI.R4_2_1],
  rationale:
    "AWS's privacy promise asks clients for cipher suites with perfect forward secrecy (ECDHE or DHE). A server that also accepts static-RSA or static-DH suites lets a client negotiate one, and then anyone who later obtains the server's private key can decrypt every recorded session. Anonymous suites authenticate nobody.",
  remediation:
    'Remove the non-forward-secret suites from the terminator: an ELB policy with only ECDHE suites (ELBSecurityPolicy-TLS13-1-2-2021-06), API Gateway SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09, CloudFront TLSv1.2_2021 or later; on a self-managed server, a cipher string such as ECDHE+AESGCM:ECDHE+CHACHA20.',
  references: ['https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/inter-network-traffic-privacy.html'],
  evaluate: (resource, ctx) =>
    judgeTlsEndpoint(resource, ctx, (facts) => {
      const { subject, suites, verdict } = facts;
      const weak = suites.filter((suite) => !suite.forwardSecret || suite.anonymous);
      const evidence = {
        acceptedSuites: suites.length,
        nonForwardSecretSuites: weak.length,
        offending: weak.map((suite) => ({
          name: suite.name,
          openssl: suite.openssl,
          reason: suite.anonymous ? 'anonymous (no authentication)' : 'no forward secrecy',
        })),
      };
      if (weak.length > 0) {
        return verdict({
          status: 'FAIL',
          message: `${subject} accepts ${weak.length} suite${weak.length === 1 ? '' : 's'} without forward secrecy (${weak
            .slice(0, 3)
            .map((suite) => suite.openssl)
            .join(', ')}${weak.length > 3 ? ', …' : ''}).`,
          evidence,
          degree: weak.length,
        });
      }
      if (!facts.enumerationComplete) {
        return verdict({
          status: 'ERROR',
          message: `${subject}: suite enumeration did not finish (${facts.report.errors[0]}), so weak suites cannot be ruled out.`,
          evidence,
        });
      }
      return verdict({
        status: 'PASS',
        message: `${subject} accepts only forward-secret suites (${suites.length} accepted).`,
        evidence,
      });
    }),
} satisfies Check<'tlsEndpoints'>;

export { check };

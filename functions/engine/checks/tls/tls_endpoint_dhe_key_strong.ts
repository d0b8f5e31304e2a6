import type { Check } from '../../types.ts';
import { judgeTlsEndpoint } from '../lib/tls-endpoint.ts';

const check = {
  id: 'tls_endpoint_dhe_key_strong',
  title: 'TLS endpoints use DHE groups of at least 2048 bits',
  headline: 'TLS endpoint uses a weak DHE group',
  service: 'tls',
  severity: 'MEDIUM',
  resourceType: 'TPM::TLS::Endpoint',
  subject: 'tlsEndpoints',
  requires: [],
  permissions: ['ec2:DescribeVpcEndpoints'],
  rationale:
    'Forward secrecy is only as strong as the ephemeral key exchange. DHE with a 1024-bit group (Logjam) is within reach of precomputation, so "forward-secret" sessions on it are not private. The floor is tls.minimumDheBits (default 2048).',
  remediation: 'Configure a 2048-bit or larger DH group (or RFC 7919 ffdhe2048+), or drop DHE suites in favour of ECDHE.',
  references: ['https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html'],
  evaluate: (resource, ctx) =>
    judgeTlsEndpoint(resource, ctx, (facts) => {
      const { subject, suites, verdict } = facts;
      const floor = ctx.policy.tls.minimumDheBits;
      const dhe = suites.filter((suite) => /_DHE_|_DH_anon_/.test(suite.name));
      const evidence = {
        minimumDheBits: floor,
        dheSuites: dhe.map((suite) => ({ suite: suite.openssl, dhBits: suite.dhBits ?? null })),
      };
      if (dhe.length === 0) return verdict({ status: 'PASS', message: `${subject} accepts no DHE suites.`, evidence });
      const weak = dhe.filter((suite) => suite.dhBits !== undefined && suite.dhBits < floor);
      if (weak.length > 0) {
        return verdict({
          status: 'FAIL',
          message: `${subject} uses a ${weak[0]?.dhBits}-bit DHE group with ${weak[0]?.openssl}, below ${floor} bits.`,
          evidence,
        });
      }
      if (dhe.some((suite) => suite.dhBits === undefined)) {
        return verdict({
          status: 'ERROR',
          message: `${subject} accepts DHE suites but their group size could not be read.`,
          evidence,
        });
      }
      return verdict({
        status: 'PASS',
        message: `${subject} uses DHE groups of ${Math.min(...dhe.map((suite) => suite.dhBits as number))} bits or more.`,
        evidence,
      });
    }),
} satisfies Check<'tlsEndpoints'>;

export { check };

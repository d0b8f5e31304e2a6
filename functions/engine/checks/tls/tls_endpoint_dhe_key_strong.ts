import type { Check } from '../check.ts';
import { NIST, PCI } from '../frameworks.ts';
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
  frameworks: [NIST.SC_8_1, NIST.SC_13, PCI.R4_2_1],
  rationale:
    'Forward secrecy is only as strong as the ephemeral key exchange. DHE with a 1024-bit group (Logjam) is within reach of precomputation, so "forward-secret" sessions on it are not private. The floor is tls.minimumDheBits (default 2048).',
  remediation: 'Configure a 2048-bit or larger DH group (or RFC 7919 ffdhe2048+), or drop DHE suites in favour of ECDHE.',
  references: ['https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html'],
  evaluate: (resource, ctx) =>
    judgeTlsEndpoint(resource, ctx, (facts) => {
      const { subject, suites, verdict } = facts;
      const floor = ctx.policy.tls.minimumDheBits;
      // Two client views: one listing no ffdhe group (the enumeration), one listing them (RFC 7919).
      const ffdhe = facts.report.dheWithFfdhe;
      const dhe = [
        ...suites
          .filter((suite) => /_DHE_|_DH_anon_/.test(suite.name))
          .map((suite) => ({ suite: suite.openssl, dhBits: suite.dhBits, clients: 'listing no ffdhe group' })),
        ...(ffdhe ? [{ suite: ffdhe.suite, dhBits: ffdhe.dhBits, clients: 'listing the RFC 7919 ffdhe groups' }] : []),
      ];
      const evidence = {
        minimumDheBits: floor,
        dheSuites: dhe.map((entry) => ({ ...entry, dhBits: entry.dhBits ?? null })),
      };
      if (dhe.length === 0) return verdict({ status: 'PASS', message: `${subject} accepts no DHE suites.`, evidence });
      const weak = dhe
        .filter((entry) => entry.dhBits !== undefined && entry.dhBits < floor)
        .sort((a, b) => (a.dhBits as number) - (b.dhBits as number));
      if (weak.length > 0) {
        return verdict({
          status: 'FAIL',
          message: `${subject} gives clients ${weak[0]?.clients} a ${weak[0]?.dhBits}-bit DHE group with ${weak[0]?.suite}, below ${floor} bits.`,
          evidence,
        });
      }
      if (dhe.some((entry) => entry.dhBits === undefined)) {
        return verdict({
          status: 'ERROR',
          message: `${subject} accepts DHE suites but their group size could not be read.`,
          evidence,
        });
      }
      return verdict({
        status: 'PASS',
        message: `${subject} uses DHE groups of ${Math.min(...dhe.map((entry) => entry.dhBits as number))} bits or more.`,
        evidence,
      });
    }),
} satisfies Check<'tlsEndpoints'>;

export { check };

import type { ChainCertificate } from '../../model/tls.ts';
import type { Check } from '../check.ts';
import { NIST, PCI } from '../frameworks.ts';
import { judgeCertificate } from '../lib/tls-endpoint.ts';

/** Signatures no client should rely on: SHA-1 (SHAttered, 2017) and MD5/MD2 (CA forgery, 2008). */
const WEAK_SIGNATURE = /sha1|md5|md2/i;

/** Why one chain certificate is weak under the policy's floors, or undefined. */
const weaknessOf = (
  certificate: ChainCertificate,
  floors: { readonly minimumRsaBits: number; readonly minimumEcBits: number },
): string | undefined => {
  if (certificate.keyType === 'rsa' || certificate.keyType === 'rsa-pss') {
    if (certificate.keyBits !== undefined && certificate.keyBits < floors.minimumRsaBits)
      return `a ${certificate.keyBits}-bit RSA key, below ${floors.minimumRsaBits}`;
  } else if (certificate.keyType === 'ec') {
    if (certificate.keyBits !== undefined && certificate.keyBits < floors.minimumEcBits)
      return `a ${certificate.keyBits}-bit EC key, below ${floors.minimumEcBits}`;
  } else if (certificate.keyType === 'dsa') return 'a DSA key';
  // A root's self-signature is not what clients rely on; every other signature is.
  if (!certificate.selfIssued && certificate.signatureAlgorithm && WEAK_SIGNATURE.test(certificate.signatureAlgorithm))
    return `a ${certificate.signatureAlgorithm} signature`;
  return undefined;
};

const check = {
  id: 'tls_endpoint_certificate_strong',
  title: 'TLS endpoint certificate chains use strong keys and signatures',
  headline: 'TLS certificate chain is weak',
  service: 'tls',
  severity: 'HIGH',
  resourceType: 'TPM::TLS::Endpoint',
  subject: 'tlsEndpoints',
  requires: [],
  frameworks: [NIST.SC_13, NIST.SC_17, PCI.R4_2_1],
  rationale:
    "A chain that verifies is only as strong as its weakest link. A 1024-bit RSA key can be factored by a well-funded attacker, and a SHA-1 signature can be forged (SHAttered, 2017), so a man in the middle can present a certificate clients accept. Node's default client, curl and openssl s_client refuse such chains (OpenSSL security level 2); the monitor's own probes look at level 0 so they can see every server, and judge the chain here.",
  remediation:
    'Reissue the certificate with an RSA key of 2048 bits or more (or ECDSA P-256+) and a SHA-256 signature, and serve intermediates signed the same way (ACM does both). The floors are tls.certificateKeys in the policy file.',
  references: [
    'https://docs.aws.amazon.com/acm/latest/userguide/acm-certificate-characteristics.html',
    'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html',
  ],
  evaluate: (resource, ctx) =>
    judgeCertificate(resource, ctx, ({ subject, verdict }, certificate) => {
      const floors = ctx.policy.tls.certificateKeys;
      const weak = certificate.chain.flatMap((entry, position) => {
        const reason = weaknessOf(entry, floors);
        return reason ? [{ position, subject: entry.subject, reason }] : [];
      });
      const defaultLevel = certificate.trust.defaultLevel;
      const evidence = {
        floors,
        chain: certificate.chain,
        weak,
        defaultSecurityLevel: defaultLevel ?? null,
      };
      if (weak.length > 0) {
        const first = weak[0] as (typeof weak)[number];
        return verdict({
          status: 'FAIL',
          message: `${subject} serves ${first.position === 0 ? 'a leaf' : `chain certificate ${first.position + 1}`} (${first.subject}) with ${first.reason}${weak.length > 1 ? `, and ${weak.length - 1} more weakness${weak.length > 2 ? 'es' : ''}` : ''}.`,
          evidence,
          degree: weak.length,
        });
      }
      if (defaultLevel && defaultLevel.state !== 'trusted' && certificate.trust.state === 'trusted') {
        return verdict({
          status: 'FAIL',
          message: `${subject}: the chain is trusted at security level 0 but refused at OpenSSL's default level, as Node's default client, curl and openssl s_client refuse it (${defaultLevel.error ?? defaultLevel.state}).`,
          evidence,
        });
      }
      if (certificate.chain.length === 0) {
        return verdict({ status: 'ERROR', message: `${subject}: no certificate chain could be read.`, evidence });
      }
      return verdict({
        status: 'PASS',
        message: `${subject} serves a chain of ${certificate.chain.length} with keys and signatures at or above the policy floors.`,
        evidence,
      });
    }),
} satisfies Check<'tlsEndpoints'>;

export { check };

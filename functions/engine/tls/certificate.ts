/**
 * The certificate facts a report carries, read from Node's X509Certificate: the leaf's names,
 * validity, key and signature, the chain's keys and signatures, and whether the leaf matches the
 * host. Pure: the prober decides which chain (a real handshake's, or a raw TLS ≤1.2 flight's).
 */
import type { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import type { CertificateFacts, ChainCertificate } from '../model/tls.ts';

const CURVE_BITS: ReadonlyMap<string, number> = new Map([
  ['prime256v1', 256],
  ['secp384r1', 384],
  ['secp521r1', 521],
  ['secp256k1', 256],
]);

const keyOf = (certificate: X509Certificate): { keyType: string; keyBits: number | undefined } => {
  const details = certificate.publicKey.asymmetricKeyDetails ?? {};
  const keyType = certificate.publicKey.asymmetricKeyType ?? 'unknown';
  const keyBits =
    details.modulusLength ??
    (details.namedCurve ? CURVE_BITS.get(details.namedCurve) : undefined) ??
    (keyType === 'ed25519' ? 256 : undefined);
  return { keyType, keyBits };
};

const chainCertificate = (certificate: X509Certificate): ChainCertificate => ({
  subject: certificate.subject.replace(/\n/g, ', '),
  ...keyOf(certificate),
  signatureAlgorithm: certificate.signatureAlgorithm,
  selfIssued: certificate.subject === certificate.issuer,
});

/** The facts of a chain, leaf first, as seen for `host`. */
export const certificateFacts = (
  chain: readonly X509Certificate[],
  host: string,
  source: CertificateFacts['source'],
  trust: CertificateFacts['trust'],
): CertificateFacts => {
  const leaf = chain[0] as X509Certificate;
  const { keyType, keyBits } = keyOf(leaf);
  return {
    subject: leaf.subject.replace(/\n/g, ', '),
    issuer: leaf.issuer.replace(/\n/g, ', '),
    subjectAltNames: (leaf.subjectAltName ?? '').split(/,\s*/).filter(Boolean),
    notBefore: leaf.validFromDate.toISOString(),
    notAfter: leaf.validToDate.toISOString(),
    keyType,
    keyBits,
    signatureAlgorithm: leaf.signatureAlgorithm,
    chainLength: chain.length,
    chain: chain.map(chainCertificate),
    trust,
    hostnameMatches: isIP(host) ? leaf.checkIP(host) !== undefined : leaf.checkHost(host) !== undefined,
    source,
  };
};

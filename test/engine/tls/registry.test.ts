/**
 * The suite registry against an independent source: this machine's OpenSSL, asked with
 * `openssl ciphers -V -stdname` for every suite it implements (code, IANA name, OpenSSL name,
 * key exchange, authentication, lowest protocol). Every one a server could accept without a
 * pre-shared key or SRP verifier must be in the registry with the same code, names and
 * classification, so the enumeration cannot miss what a server accepts (issue 13).
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CIPHER_SUITES, isAnonymous, isForwardSecret } from '../../../functions/engine/tls/registry.ts';

interface OpenSslSuite {
  code: number;
  iana: string;
  openssl: string;
  protocol: string;
  kx: string;
  au: string;
}

const openSslSuites = (): OpenSslSuite[] =>
  execFileSync('openssl', ['ciphers', '-V', '-stdname', 'ALL:COMPLEMENTOFALL:@SECLEVEL=0'], { encoding: 'utf8' })
    .split('\n')
    .flatMap((line) => {
      const match = /0x([0-9A-F]{2}),0x([0-9A-F]{2}) - (\S+)\s+- (\S+)\s+(\S+)\s+Kx=(\S+)\s+Au=(\S+)/.exec(line);
      if (!match) return [];
      const [, high, low, iana, openssl, protocol, kx, au] = match as unknown as string[];
      return [{ code: Number.parseInt(`${high}${low}`, 16), iana, openssl, protocol, kx, au } as OpenSslSuite];
    });

/** What OpenSSL's Kx/Au say the registry's key exchange must be. */
const expectedKeyExchange = ({ kx, au, protocol }: OpenSslSuite): string => {
  if (protocol === 'TLSv1.3') return 'TLS13';
  if (au === 'None') return kx === 'ECDH' ? 'AECDH' : 'ADH';
  if (kx === 'ECDH') return 'ECDHE'; // OpenSSL 3 has no static-ECDH suites left
  if (kx === 'DH') return 'DHE';
  return kx;
};

describe('cipher-suite registry', () => {
  const reference = openSslSuites().filter((suite) => !/PSK|SRP/.test(suite.kx));

  it('reads a substantial reference from OpenSSL', () => {
    expect(reference.length).toBeGreaterThan(60);
  });

  it('holds every suite OpenSSL implements without PSK or SRP, with the same code, names and classification', () => {
    const byCode = new Map(CIPHER_SUITES.map((suite) => [suite.code, suite]));
    const mismatches = reference.flatMap((entry) => {
      const suite = byCode.get(entry.code);
      if (!suite) return [`missing 0x${entry.code.toString(16)} ${entry.iana}`];
      const problems: string[] = [];
      if (suite.iana !== entry.iana) problems.push(`IANA name ${suite.iana} ≠ ${entry.iana}`);
      if (suite.openssl !== entry.openssl) problems.push(`OpenSSL name ${suite.openssl} ≠ ${entry.openssl}`);
      if (suite.keyExchange !== expectedKeyExchange(entry))
        problems.push(`key exchange ${suite.keyExchange} ≠ ${expectedKeyExchange(entry)}`);
      if (entry.protocol !== 'TLSv1.3' && suite.tls12Only !== (entry.protocol === 'TLSv1.2'))
        problems.push(`TLS 1.2-only ${suite.tls12Only} ≠ ${entry.protocol}`);
      return problems.map((problem) => `0x${entry.code.toString(16)} ${entry.iana}: ${problem}`);
    });
    expect(mismatches).toEqual([]);
  });

  it('judges anonymous suites as unauthenticated, never as forward-secret', () => {
    for (const entry of reference.filter((suite) => suite.au === 'None' && suite.protocol !== 'TLSv1.3')) {
      const suite = CIPHER_SUITES.find((candidate) => candidate.code === entry.code);
      expect(suite && isAnonymous(suite), entry.iana).toBe(true);
      expect(suite && isForwardSecret(suite), entry.iana).toBe(false);
    }
  });
});

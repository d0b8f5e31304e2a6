/**
 * More real peers configured the way old estates are (issue 13): GnuTLS still offering 3DES and
 * RC4 with safe renegotiation switched off, and OpenSSL demanding a client certificate. Each
 * asserts what the report and the checks must say: the truth, or ERROR, never a false PASS.
 */
import { describe, expect, it } from 'vitest';
import type { AnyCheck } from '../../../functions/engine/checks/check.ts';
import { check as certificateTrusted } from '../../../functions/engine/checks/tls/tls_endpoint_certificate_trusted.ts';
import { check as forwardSecrecy } from '../../../functions/engine/checks/tls/tls_endpoint_forward_secrecy_enforced.ts';
import { check as obsoleteCiphers } from '../../../functions/engine/checks/tls/tls_endpoint_obsolete_ciphers_refused.ts';
import { check as secureRenegotiation } from '../../../functions/engine/checks/tls/tls_endpoint_secure_renegotiation_supported.ts';
import type { TlsReport } from '../../../functions/engine/model/tls.ts';
import { probeTarget } from '../../../functions/engine/tls/prober.ts';
import { runTls } from '../../support/builders.ts';
import { HOST, useTlsLab } from '../../support/tls-lab.ts';
import { useTlsPeers } from '../../support/tls-peers.ts';

const lab = useTlsLab();
const peers = useTlsPeers();
const probe = (port: number) =>
  probeTarget({ host: HOST, port: 443, connectTo: { host: '127.0.0.1', port }, caPem: lab.pki.caPem, origin: 'declared' });
const status = (check: AnyCheck, report: TlsReport) => runTls(check, [report])[0]?.status;
const suitesAt = (report: TlsReport, version: string) =>
  report.versions.find((entry) => entry.version === version)?.suites.map((suite) => suite.openssl) ?? [];

describe('GnuTLS with 3DES, RC4 and no RFC 5746', () => {
  it('finds the obsolete suites at every version and the missing renegotiation_info', async () => {
    // gnutls-serv's priority string, the way such a server is kept "compatible".
    const server = await peers.gnutls(await lab.pki.issue({ hosts: [HOST] }), [
      '--priority',
      'NORMAL:-VERS-TLS1.3:+VERS-TLS1.0:+VERS-TLS1.1:+3DES-CBC:+ARCFOUR-128:%DISABLE_SAFE_RENEGOTIATION',
    ]);
    const report = await probe(server.port);
    for (const version of ['TLSv1', 'TLSv1.1', 'TLSv1.2'])
      expect(suitesAt(report, version), version).toEqual(expect.arrayContaining(['DES-CBC3-SHA', 'RC4-SHA']));
    expect(suitesAt(report, 'TLSv1.2')).toContain('ECDHE-RSA-AES128-GCM-SHA256');
    expect(report.secureRenegotiation).toBe(false);
    expect(status(obsoleteCiphers, report)).toBe('FAIL');
    expect(status(forwardSecrecy, report)).toBe('FAIL'); // RC4-SHA and DES-CBC3-SHA are static RSA
    expect(status(secureRenegotiation, report)).toBe('FAIL');
  }, 60_000);
});

describe('OpenSSL demanding a client certificate (s_server -Verify 1)', () => {
  it('still enumerates suites, reads the certificate from the raw flight, and cannot call the chain trusted', async () => {
    const server = await peers.openssl(await lab.pki.issue({ hosts: [HOST] }), ['-Verify', '1', '-tls1_2']);
    const report = await probe(server.port);
    expect(suitesAt(report, 'TLSv1.2').length).toBeGreaterThan(3);
    expect(report.certificate?.subject).toContain(HOST);
    // Without a client certificate no handshake completes, so the chain is unknown: ERROR, not PASS.
    expect(report.certificate?.source).toBe('raw-flight');
    expect(status(certificateTrusted, report)).toBe('ERROR');
  }, 60_000);
});

/**
 * Real handshakes against local Node TLS servers that differ from `modern` in one property
 * each. Every test asserts the parts of the report that property should change, and that the
 * rest stays as `modern` has it.
 */
import { describe, expect, it } from 'vitest';
import type { TlsReport } from '../../../functions/engine/model/tls.ts';
import { probeTarget } from '../../../functions/engine/tls/prober.ts';
import { PROFILES } from '../../../lab/tls-servers.ts';
import { HOST, useTlsLab } from '../../support/tls-lab.ts';

const lab = useTlsLab();
const states = (report: TlsReport) => Object.fromEntries(report.versions.map((probe) => [probe.version, probe.state]));
const suites = (report: TlsReport, version: string) =>
  report.versions.find((probe) => probe.version === version)?.suites.map((suite) => suite.openssl) ?? [];

describe('prober against local TLS servers', () => {
  it('modern: TLS 1.2+ ECDHE only, TLS 1.3, hybrid PQ, trusted matching certificate', async () => {
    const { target } = await lab.serve(PROFILES.modern);
    const report = await probeTarget(target, { tls12Groups: true });
    expect(report.status).toBe('complete');
    expect(states(report)).toEqual({
      SSLv3: 'refused',
      TLSv1: 'refused',
      'TLSv1.1': 'refused',
      'TLSv1.2': 'accepted',
      'TLSv1.3': 'accepted',
    });
    expect(suites(report, 'TLSv1.2').sort()).toEqual([
      'ECDHE-RSA-AES128-GCM-SHA256',
      'ECDHE-RSA-AES256-GCM-SHA384',
      'ECDHE-RSA-CHACHA20-POLY1305',
    ]);
    expect(suites(report, 'TLSv1.3').sort()).toEqual([
      'TLS_AES_128_GCM_SHA256',
      'TLS_AES_256_GCM_SHA384',
      'TLS_CHACHA20_POLY1305_SHA256',
    ]);
    expect(
      report.versions
        .find((probe) => probe.version === 'TLSv1.2')
        ?.suites.every((suite) => suite.forwardSecret && suite.group === 'x25519'),
    ).toBe(true);
    expect(report.tls13Groups.map((group) => group.name)).toContain('X25519MLKEM768');
    expect(report.postQuantumHybrid).toEqual({ accepted: true, confirmedByHandshake: true });
    expect(report.tls12Groups).toEqual(expect.arrayContaining(['x25519', 'secp256r1', 'secp384r1']));
    expect(report.negotiated).toMatchObject({ version: 'TLSv1.3', group: 'X25519MLKEM768' });
    expect(report.fallbackScsv).toBe('supported');
    expect(report.secureRenegotiation).toBe(true);
    expect(report.certificate).toMatchObject({
      trust: { state: 'trusted' },
      hostnameMatches: true,
      keyType: 'rsa',
      keyBits: 2048,
      signatureAlgorithm: 'sha256WithRSAEncryption',
      chainLength: 2,
      source: 'handshake',
      subjectAltNames: [`DNS:${HOST}`],
    });
    expect(report.errors).toEqual([]);
  });

  it('leaves the TLS 1.2 group list out unless asked, saving the server a signature per group', async () => {
    const { target } = await lab.serve(PROFILES.modern);
    const scanMode = await probeTarget(target);
    const fullMode = await probeTarget(target, { tls12Groups: true });
    expect(scanMode.tls12Groups).toEqual([]);
    expect(fullMode.tls12Groups.length).toBeGreaterThanOrEqual(3);
    // One hello per group found, plus at most one closing refusal per group family.
    expect(fullMode.handshakes - scanMode.handshakes).toBeGreaterThanOrEqual(fullMode.tls12Groups.length);
    expect(fullMode.handshakes - scanMode.handshakes).toBeLessThanOrEqual(fullMode.tls12Groups.length + 2);
    // The group each ECDHE suite used is known either way.
    expect(scanMode.versions.find((probe) => probe.version === 'TLSv1.2')?.suites[0]?.group).toBe('x25519');
  });

  it('tls13Only: refuses TLS 1.2 and below with protocol_version alerts', async () => {
    const { target } = await lab.serve(PROFILES.tls13Only);
    const report = await probeTarget(target);
    expect(states(report)).toEqual({
      SSLv3: 'refused',
      TLSv1: 'refused',
      'TLSv1.1': 'refused',
      'TLSv1.2': 'refused',
      'TLSv1.3': 'accepted',
    });
    expect(report.versions.find((probe) => probe.version === 'TLSv1.2')?.detail).toBe('protocol_version');
    expect(report.fallbackScsv).toBe('not-applicable');
    expect(report.secureRenegotiation).toBeUndefined();
  });

  it('legacy: accepts TLS 1.0 and 1.1 and the static-RSA AES128-SHA', async () => {
    const { target } = await lab.serve(PROFILES.legacy);
    const report = await probeTarget(target);
    expect(states(report)).toEqual({
      SSLv3: 'refused',
      TLSv1: 'accepted',
      'TLSv1.1': 'accepted',
      'TLSv1.2': 'accepted',
      'TLSv1.3': 'accepted',
    });
    expect(suites(report, 'TLSv1')).toEqual(['ECDHE-RSA-AES128-SHA', 'AES128-SHA']);
    const staticRsa = report.versions
      .find((probe) => probe.version === 'TLSv1')
      ?.suites.find((suite) => suite.openssl === 'AES128-SHA');
    expect(staticRsa).toMatchObject({ forwardSecret: false, obsolete: false, anonymous: false });
    expect(report.fallbackScsv).toBe('supported');
  });

  it('dheOnly: DHE suites with the 2048-bit group, read from the handshake', async () => {
    const { target } = await lab.serve(PROFILES.dheOnly);
    const report = await probeTarget(target);
    expect(states(report)['TLSv1.2']).toBe('accepted');
    expect(states(report)['TLSv1.3']).toBe('refused');
    // Node 24's TLS server imposes its own order (tried both ways by hand: it always picks AES128).
    expect(report.versions.find((probe) => probe.version === 'TLSv1.2')).toMatchObject({
      serverPreference: true,
      suites: [
        expect.objectContaining({ openssl: 'DHE-RSA-AES128-GCM-SHA256', dhBits: 2048, forwardSecret: true }),
        expect.objectContaining({ openssl: 'DHE-RSA-AES256-GCM-SHA384', dhBits: 2048, forwardSecret: true }),
      ],
    });
    expect(report.negotiated).toMatchObject({ version: 'TLSv1.2', dhBits: 2048 });
  });

  it('expired certificate: chain untrusted for that reason, name still matches', async () => {
    const expired = await lab.pki.issue({
      hosts: [HOST],
      notBefore: new Date('2024-01-01T00:00:00Z'),
      notAfter: new Date('2025-01-01T00:00:00Z'),
    });
    const { target } = await lab.serve(PROFILES.modern, expired);
    const report = await probeTarget(target);
    expect(report.certificate).toMatchObject({
      trust: { state: 'untrusted', error: 'CERT_HAS_EXPIRED' },
      hostnameMatches: true,
      notAfter: '2025-01-01T00:00:00.000Z',
    });
  });

  it('wrong-host certificate: a trusted chain does not hide the name mismatch', async () => {
    const other = await lab.pki.issue({ hosts: ['elsewhere.tpm.test'] });
    const { target } = await lab.serve(PROFILES.modern, other);
    const report = await probeTarget(target);
    expect(report.certificate).toMatchObject({
      trust: { state: 'trusted' },
      hostnameMatches: false,
      subjectAltNames: ['DNS:elsewhere.tpm.test'],
    });
  });

  it('self-signed certificate: untrusted as such', async () => {
    const selfSigned = await lab.pki.issue({ hosts: [HOST], selfSigned: true });
    const { target } = await lab.serve(PROFILES.modern, selfSigned);
    const report = await probeTarget(target);
    expect(report.certificate).toMatchObject({
      trust: { state: 'untrusted', error: 'DEPTH_ZERO_SELF_SIGNED_CERT' },
      hostnameMatches: true,
      chainLength: 1,
    });
  });

  it("without the private CA, the same server is untrusted: trust is the caller's choice", async () => {
    const { target } = await lab.serve(PROFILES.modern);
    const report = await probeTarget({ ...target, caPem: undefined });
    // The server sends its CA too, so OpenSSL names the untrusted self-signed root in the chain.
    expect(report.certificate?.trust).toEqual({
      state: 'untrusted',
      error: 'SELF_SIGNED_CERT_IN_CHAIN',
      defaultLevel: { state: 'untrusted', error: 'SELF_SIGNED_CERT_IN_CHAIN' },
    });
  });

  it('sees a reconfiguration at once: the downgraded server accepts TLS 1.0 and static RSA', async () => {
    const { server, target } = await lab.serve(PROFILES.modern);
    expect(states(await probeTarget(target)).TLSv1).toBe('refused');
    server.reconfigure(PROFILES.legacy);
    const after = await probeTarget(target);
    expect(states(after).TLSv1).toBe('accepted');
    expect(suites(after, 'TLSv1.2')).toContain('AES128-SHA');
  });

  it('probes with bounded sockets and reports its cost', async () => {
    const { target } = await lab.serve(PROFILES.modern);
    const report = await probeTarget(target, { concurrency: 2 });
    // 4 legacy versions refused (4) + TLS 1.2 suites (3 + 1) + TLS 1.3 suites (3 + 1) + TLS 1.3 groups + 2 preference
    // + fallback + TLS 1.2 groups + 2 real handshakes: the exact count follows the server, but stays small.
    expect(report.handshakes).toBeGreaterThan(15);
    expect(report.handshakes).toBeLessThan(45);
    expect(report.status).toBe('complete');
  });
});

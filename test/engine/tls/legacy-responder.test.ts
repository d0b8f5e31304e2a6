/**
 * The hand-built-hello half of the prober against scripted legacy servers: SSL 3.0, 3DES, RC4,
 * fallback protection, renegotiation, and the three ways an attempt can end.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { TlsReport } from '../../../functions/engine/model/tls.ts';
import { probeTarget } from '../../../functions/engine/tls/prober.ts';
import { type LegacyResponder, type LegacyScript, startLegacyResponder } from '../../support/legacy-responder.ts';

let responder: LegacyResponder | undefined;
afterEach(async () => {
  await responder?.close();
  responder = undefined;
});

const probe = async (script: LegacyScript, timeoutMs = 1500): Promise<TlsReport> => {
  responder = await startLegacyResponder(script);
  return probeTarget(
    { host: 'legacy.test', port: 443, connectTo: { host: '127.0.0.1', port: responder.port }, origin: 'declared' },
    { timeoutMs },
  );
};
const states = (report: TlsReport) => Object.fromEntries(report.versions.map((probe) => [probe.version, probe.state]));
const suitesOf = (report: TlsReport, version: string) =>
  report.versions.find((probe) => probe.version === version)?.suites.map((suite) => suite.openssl);

describe('prober against a scripted legacy server', () => {
  it('finds SSL 3.0, 3DES and RC4, which Node itself cannot offer', async () => {
    const report = await probe({ versions: [0x0300, 0x0301], suites: [0x000a, 0x0005, 0x002f], secureRenegotiation: false });
    expect(states(report)).toEqual({
      SSLv3: 'accepted',
      TLSv1: 'accepted',
      'TLSv1.1': 'refused',
      'TLSv1.2': 'refused',
      'TLSv1.3': 'refused',
    });
    expect(suitesOf(report, 'SSLv3')).toEqual(['DES-CBC3-SHA', 'RC4-SHA', 'AES128-SHA']);
    expect(suitesOf(report, 'TLSv1')).toEqual(['DES-CBC3-SHA', 'RC4-SHA', 'AES128-SHA']);
    const tls10 = report.versions.find((item) => item.version === 'TLSv1');
    expect(tls10?.suites.map((suite) => [suite.obsolete, suite.forwardSecret])).toEqual([
      [true, false],
      [true, false],
      [false, false],
    ]);
    expect(tls10?.serverPreference).toBe(true);
    expect(report.secureRenegotiation).toBe(false);
    // Like real legacy servers, it answers newer hellos by negotiating down: a refusal, not an error.
    expect(report.versions.find((item) => item.version === 'TLSv1.2')?.detail).toBe('server answered with TLSv1');
    expect(report.versions.find((item) => item.version === 'TLSv1.1')?.detail).toBe('server answered with TLSv1');
    expect(report.enumerationComplete).toBe(true);
    // Node cannot complete a handshake with 3DES/RC4 only, so the chain cannot be validated: said, not hidden.
    expect(report.status).toBe('partial');
    expect(report.errors).toEqual([expect.stringMatching(/^default handshake: /)]);
  });

  it('uses one hello per accepted suite plus one per key-exchange family, per version, and one re-test alone', async () => {
    responder = await startLegacyResponder({ versions: [0x0301], suites: [0x000a, 0x002f] });
    const labels: string[] = [];
    const report = await probeTarget(
      { host: 'legacy.test', port: 443, connectTo: { host: '127.0.0.1', port: responder.port }, origin: 'declared' },
      { timeoutMs: 1500, trace: (event) => labels.push(event.label) },
    );
    const tls10Hellos = labels.filter((label) => /^(confirm [a-z ]+alone: )?TLSv1 hello/.test(label));
    // Opening hello (3DES, the server's first choice); forward-secret family: 1 refusal;
    // static family: AES128-SHA + 1 refusal; 1 server-preference hello; then, alone, the weak
    // suites not found, offered once more (a verdict resting on their refusal is re-tested).
    expect(tls10Hellos).toHaveLength(6);
    expect(tls10Hellos.at(-1)).toMatch(/^confirm weak suites alone: TLSv1 hello/);
    expect(report.versions.find((item) => item.version === 'TLSv1')?.serverPreference).toBe(true);
  });

  it('detects client cipher order', async () => {
    const report = await probe({ versions: [0x0303], suites: [0x002f, 0xc02f], clientPreference: true });
    expect(report.versions.find((item) => item.version === 'TLSv1.2')?.serverPreference).toBe(false);
  });

  it('recognises TLS_FALLBACK_SCSV protection and its absence', async () => {
    const protectedReport = await probe({ versions: [0x0301, 0x0302, 0x0303], suites: [0xc02f, 0x002f], fallbackScsv: true });
    expect(protectedReport.fallbackScsv).toBe('supported');
    await responder?.close();
    const unprotected = await probe({ versions: [0x0301, 0x0302, 0x0303], suites: [0xc02f, 0x002f], fallbackScsv: false });
    expect(unprotected.fallbackScsv).toBe('not-supported');
    // The fallback hello offered the second-highest version with the SCSV.
    const fallbackHello = responder?.hellos.find((hello) => hello.suites.includes(0x5600));
    expect(fallbackHello?.clientVersion).toBe(0x0302);
  });

  it('reads the DHE group size from ServerKeyExchange without completing a handshake', async () => {
    const report = await probe({ versions: [0x0303], suites: [0x0033], dhBits: 1024 });
    expect(report.versions.find((item) => item.version === 'TLSv1.2')?.suites).toMatchObject([
      { openssl: 'DHE-RSA-AES128-SHA', dhBits: 1024, forwardSecret: true },
    ]);
  });

  it('counts a silent close as a refusal only once it is confirmed on a single connection', async () => {
    const report = await probe({ versions: [0x0303], suites: [0x002f], closeInsteadOfAlert: true });
    expect(report.versions.find((item) => item.version === 'TLSv1')).toMatchObject({
      state: 'refused',
      detail: 'closed without alert (also on a single connection)',
    });
    // A silent close narrows the lane to one socket for the rest of the probe.
    expect(report.peakConcurrency).toBeLessThanOrEqual(4);
    expect(report.versions.find((item) => item.version === 'TLSv1.2')?.state).toBe('accepted');
  });

  it('reports a server that never answers as errors and unreachable, never as refusals', async () => {
    const report = await probe({ versions: [0x0303], suites: [0x002f], silent: true }, 300);
    expect(new Set(report.versions.map((item) => item.state))).toEqual(new Set(['error']));
    expect(report.versions[0]?.detail).toBe('timeout after 300 ms');
    expect(report.status).toBe('unreachable');
  });

  it('reports a closed port as unreachable', async () => {
    const report = await probeTarget(
      { host: 'nothing.test', port: 443, connectTo: { host: '127.0.0.1', port: 9 }, origin: 'declared' },
      { timeoutMs: 500 },
    );
    expect(report.status).toBe('unreachable');
    expect(report.versions[0]?.detail).toBe('connection refused');
  });
});

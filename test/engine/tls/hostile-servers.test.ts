/**
 * The prober against servers nobody here wrote, configured the way people configure them, and
 * fronts that misbehave the way networks do (issue 13). Each case names the true posture, and
 * the verdict the checks must reach: the truth, or ERROR, never a false PASS.
 */
import { describe, expect, it } from 'vitest';
import type { AnyCheck } from '../../../functions/engine/checks/check.ts';
import { check as certificateStrong } from '../../../functions/engine/checks/tls/tls_endpoint_certificate_strong.ts';
import { check as dheKeyStrong } from '../../../functions/engine/checks/tls/tls_endpoint_dhe_key_strong.ts';
import { check as forwardSecrecy } from '../../../functions/engine/checks/tls/tls_endpoint_forward_secrecy_enforced.ts';
import { check as minimumVersion } from '../../../functions/engine/checks/tls/tls_endpoint_minimum_version_enforced.ts';
import type { TlsReport, TlsTarget } from '../../../functions/engine/model/tls.ts';
import { probeTarget } from '../../../functions/engine/tls/prober.ts';
import { PROFILES } from '../../../lab/tls-servers.ts';
import { runTls } from '../../support/builders.ts';
import { startLegacyResponder } from '../../support/legacy-responder.ts';
import { HOST, useTlsLab } from '../../support/tls-lab.ts';
import { useTlsPeers } from '../../support/tls-peers.ts';

const lab = useTlsLab();
const peers = useTlsPeers();
const targetAt = (port: number): TlsTarget => ({
  host: HOST,
  port: 443,
  connectTo: { host: '127.0.0.1', port },
  caPem: lab.pki.caPem,
  origin: 'declared',
});
/** The one finding a check makes of this report, through the same evaluation as a scan. */
const judge = (check: AnyCheck, report: TlsReport) => {
  const [finding] = runTls(check, [report]);
  if (!finding) throw new Error(`${check.id} made no finding`);
  return finding;
};
const accepted = (report: TlsReport) =>
  report.versions.filter((probe) => probe.state === 'accepted').map((probe) => probe.version);

describe('connection limits (nginx limit_conn, small appliances)', () => {
  it('finds TLS 1.0 and static RSA behind a front that admits 2 connections and silently closes the rest, run after run', async () => {
    // The truth: a Node/OpenSSL server accepting TLS 1.0 and AES128-SHA (PROFILES.legacy).
    const { server } = await lab.serve(PROFILES.legacy);
    const front = await peers.front(server.port, { maxConnections: 2 });
    for (let run = 0; run < 3; run++) {
      const report = await probeTarget(targetAt(front.port), { concurrency: 16 });
      expect(accepted(report)).toEqual(expect.arrayContaining(['TLSv1', 'TLSv1.2']));
      expect(report.versions.flatMap((probe) => probe.suites).map((suite) => suite.openssl)).toContain('AES128-SHA');
      // Forward secrecy and the minimum version FAIL (before: both PASSed, varying run to run).
      expect(judge(forwardSecrecy, report).status).toBe('FAIL');
      expect(judge(minimumVersion, report).status).toBe('FAIL');
      expect(report.peakConcurrency).toBeLessThanOrEqual(4);
    }
  }, 60_000);
});

describe('alerts per RFC 5246 §7.2', () => {
  it('reads through the warning unrecognized_name an SNI-name server (openssl s_server -servername) sends', async () => {
    const certificate = await lab.pki.issue({ hosts: ['other.example'] });
    const server = await peers.openssl(certificate, [
      '-servername',
      'other.example',
      '-cert2',
      '{cert}',
      '-key2',
      '{key}',
      '-tls1_2',
    ]);
    const report = await probeTarget(targetAt(server.port));
    expect(report.versions.find((probe) => probe.version === 'TLSv1.2')).toMatchObject({ state: 'accepted' });
    expect(report.versions.find((probe) => probe.version === 'TLSv1.2')?.suites.length).toBeGreaterThan(3);
  }, 30_000);
});

describe('DHE as clients see it (GnuTLS gnutls-serv, RFC 7919)', () => {
  it('fails dhe_key_strong for the 1024-bit group given to clients that list no ffdhe group', async () => {
    // GnuTLS gives ffdhe2048 to a client listing the RFC 7919 groups and the --dhparams group
    // (1024 bits here) to every other client.
    const dhparams = await peers.file('dh1024.pem', await generateDhParams(1024));
    const server = await peers.gnutls(await lab.pki.issue({ hosts: [HOST] }), [
      '--dhparams',
      dhparams,
      '--priority',
      'NORMAL:-VERS-TLS1.3:-KX-ALL:+DHE-RSA:%PROFILE_LOW',
    ]);
    const report = await probeTarget(targetAt(server.port));
    const dhe = report.versions.find((probe) => probe.version === 'TLSv1.2')?.suites.filter((suite) => suite.dhBits);
    expect(dhe?.[0]?.dhBits).toBe(1024);
    expect(report.dheWithFfdhe?.dhBits).toBeGreaterThanOrEqual(2048);
    const verdict = judge(dheKeyStrong, report);
    expect(verdict.status).toBe('FAIL');
    expect(verdict.message).toContain('clients listing no ffdhe group a 1024-bit DHE group');
  }, 60_000);
});

describe('certificate strength', () => {
  it.each([
    ['a 1024-bit RSA leaf', { rsaBits: 1024 }, /a 1024-bit RSA key, below 2048/],
    ['a SHA-1 signed leaf', { digest: 'sha1' as const }, /a sha1WithRSAEncryption signature/],
  ])(
    'fails %s, which Node’s default client refuses, and says which level refused it',
    async (_name, options, reason) => {
      const certificate = await lab.pki.issue({ hosts: [HOST], ...options });
      const server = await peers.openssl(certificate, ['-cipher', 'DEFAULT:@SECLEVEL=0', '-tls1_2']);
      const report = await probeTarget(targetAt(server.port));
      expect(report.certificate?.trust.state).toBe('trusted'); // level 0 sees it as a valid chain
      expect(report.certificate?.trust.defaultLevel?.state).not.toBe('trusted');
      const verdict = judge(certificateStrong, report);
      expect(verdict.status).toBe('FAIL');
      expect(verdict.message).toMatch(reason);
    },
    30_000,
  );
});

describe('suites once outside the registry', () => {
  it('finds a server offering only anonymous suites (openssl s_server -cipher aNULL) and fails forward secrecy', async () => {
    const server = await peers.openssl(await lab.pki.issue({ hosts: [HOST] }), ['-cipher', 'aNULL:@SECLEVEL=0', '-tls1_2']);
    const report = await probeTarget(targetAt(server.port));
    const tls12 = report.versions.find((probe) => probe.version === 'TLSv1.2');
    expect(tls12?.state).toBe('accepted');
    expect(tls12?.suites.map((suite) => suite.openssl)).toEqual(
      expect.arrayContaining(['ADH-AES256-GCM-SHA384', 'ADH-AES128-SHA256', 'ADH-CAMELLIA256-SHA256', 'AECDH-AES256-SHA']),
    );
    expect(report.errors.filter((error) => error.startsWith('the default handshake negotiated'))).toEqual([]);
    const verdict = judge(forwardSecrecy, report);
    expect(verdict.status).toBe('FAIL');
    expect(verdict.evidence.offending).toEqual(
      expect.arrayContaining([expect.objectContaining({ reason: 'anonymous (no authentication)' })]),
    );
  }, 30_000);
});

describe('no vacuous verdicts', () => {
  it('reports a peer that reads every hello and closes as unreachable: suite checks ERROR, never PASS', async () => {
    const responder = await startLegacyResponder({ versions: [], suites: [], closeInsteadOfAlert: true });
    try {
      const report = await probeTarget({ ...targetAt(responder.port), caPem: undefined }, { timeoutMs: 1000 });
      expect(report.status).toBe('unreachable');
      expect(judge(forwardSecrecy, report).status).toBe('ERROR');
      expect(judge(minimumVersion, report).status).toBe('ERROR');
    } finally {
      await responder.close();
    }
  }, 30_000);
});

describe('certificate via a fallback', () => {
  it('reads the certificate at TLS 1.2 behind a front that drops every hello offering TLS 1.3', async () => {
    const { server } = await lab.serve(PROFILES.modern);
    const front = await peers.front(server.port, { dropTls13: true });
    const report = await probeTarget(targetAt(front.port));
    expect(report.certificate).toMatchObject({ source: 'handshake', trust: { state: 'trusted' } });
    expect(accepted(report)).toContain('TLSv1.2');
  }, 30_000);
});

/** Real DH parameters from OpenSSL (a few hundred milliseconds at 1024 bits). */
const generateDhParams = async (bits: number): Promise<string> => {
  const { execFile } = await import('node:child_process');
  return new Promise((resolve, reject) =>
    execFile('openssl', ['dhparam', String(bits)], (error, stdout) => (error ? reject(error) : resolve(stdout))),
  );
};

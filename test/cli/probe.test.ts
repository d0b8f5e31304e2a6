/** `tpm probe` end to end against local TLS servers: the matrix, the verdicts, the exit code. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../cli/exit-codes.ts';
import { main } from '../../cli/main.ts';
import { PROFILES } from '../../lab/tls-servers.ts';
import { captureIo } from '../support/io.ts';
import { HOST, useTlsLab } from '../support/tls-lab.ts';

const lab = useTlsLab();
const caFile = async () => {
  const file = join(lab.pki.dir, 'probe-ca.pem');
  await writeFile(file, lab.pki.caPem);
  return file;
};

describe('tpm probe', () => {
  it('prints the matrix and verdicts and exits 0 for a modern endpoint', async () => {
    const { server } = await lab.serve(PROFILES.modern);
    const io = captureIo();
    const code = await main(['probe', HOST, '--connect-to', `127.0.0.1:${server.port}`, '--ca', await caFile()], io);
    expect(code).toBe(EXIT.ok);
    expect(io.out()).toMatch(/TLS 1\.0 +no +\(protocol_version\)/);
    expect(io.out()).toMatch(/TLS 1\.3 +yes/);
    expect(io.out()).toContain('ECDHE-RSA-AES128-GCM-SHA256        FS, x25519');
    expect(io.out()).toContain('TLS 1.3 groups: X25519MLKEM768');
    expect(io.out()).toContain('chain: trusted · hostname: matches');
    expect(io.out()).toContain('PASS   tls_endpoint_forward_secrecy_enforced');
  });

  it('exits 1 and names the failures for a legacy endpoint', async () => {
    const { server } = await lab.serve(PROFILES.legacy);
    const io = captureIo();
    expect(await main(['probe', HOST, '--connect-to', `127.0.0.1:${server.port}`, '--ca', await caFile()], io)).toBe(
      EXIT.findings,
    );
    expect(io.out()).toContain('FAIL   tls_endpoint_minimum_version_enforced');
    expect(io.out()).toContain('AES128-SHA                         no FS');
  });

  it('prints the report and findings as JSON, and a trace on request', async () => {
    const { server } = await lab.serve(PROFILES.tls13Only);
    const io = captureIo();
    await main(
      ['probe', HOST, '--connect-to', `127.0.0.1:${server.port}`, '--ca', await caFile(), '--format', 'json', '--trace'],
      io,
    );
    const document = JSON.parse(io.out());
    expect(document.report.versions.map((probe: { state: string }) => probe.state)).toEqual([
      'refused',
      'refused',
      'refused',
      'refused',
      'accepted',
    ]);
    expect(
      document.findings.find((finding: { checkId: string }) => finding.checkId === 'tls_endpoint_tls13_offered').status,
    ).toBe('PASS');
    expect(io.err()).toMatch(/TLSv1\.3 hello \(5 suites, 17 groups\) +TLS_AES_\d+_GCM_SHA\d+ \/ X25519MLKEM768/);
  });

  it('exits 5 when the endpoint cannot be measured, and 2 on bad input', async () => {
    expect(await main(['probe', HOST, '--connect-to', '127.0.0.1:9', '--timeout', '300'], captureIo())).toBe(EXIT.incomplete);
    const io = captureIo();
    expect(await main(['probe', HOST, '--min', 'TLSv9'], io)).toBe(EXIT.usage);
    expect(io.err()).toContain('--min "TLSv9" is not a TLS version');
  });

  it('probes many targets from --targets (sslscan style, with a connect-to column), one JSON report each, the worst exit code', async () => {
    const modern = await lab.serve(PROFILES.modern);
    const legacy = await lab.serve(PROFILES.legacy);
    const file = join(lab.pki.dir, 'targets.txt');
    await writeFile(
      file,
      `# the estate's TLS endpoints\n${HOST} 127.0.0.1:${modern.server.port}\n\n${HOST}:443   127.0.0.1:${legacy.server.port}  # legacy batch\n`,
    );
    const io = captureIo();
    const code = await main(['probe', '--targets', file, '--ca', await caFile(), '--format', 'json'], io);
    expect(code).toBe(EXIT.findings); // one target FAILs: the worst wins
    const document = JSON.parse(io.out());
    expect(document.reports).toHaveLength(2);
    const ports = document.reports.map(
      (entry: { report: { target: { connectTo: { port: number } } } }) => entry.report.target.connectTo.port,
    );
    expect(ports).toEqual([modern.server.port, legacy.server.port]);
    const failing = document.reports.map((entry: { findings: { status: string }[] }) =>
      entry.findings.some((finding) => finding.status === 'FAIL'),
    );
    expect(failing).toEqual([false, true]);
  });

  it('refuses a bad --targets line with its line number (exit 3) and --connect-to with several targets (exit 2)', async () => {
    const file = join(lab.pki.dir, 'bad-targets.txt');
    await writeFile(file, `${HOST}\nexample.com:99999\n`);
    const bad = captureIo();
    expect(await main(['probe', '--targets', file], bad)).toBe(EXIT.config);
    expect(bad.err()).toContain('bad-targets.txt line 2: "example.com:99999": port 99999 is not between 1 and 65535');
    const usage = captureIo();
    expect(await main(['probe', HOST, 'other.example', '--connect-to', '127.0.0.1:1'], usage)).toBe(EXIT.usage);
    expect(usage.err()).toContain('--connect-to applies to one target');
  });
});

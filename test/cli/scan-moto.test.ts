/** `tpm scan` and `tpm demo` end to end against moto, through the same entry point users run. */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EnableSecurityHubCommand, GetFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../cli/exit-codes.ts';
import { main } from '../../cli/main.ts';
import { AwsClients } from '../../functions/engine/collectors/aws-clients.ts';
import { MOTO_ACCOUNT } from '../../lab/moto.ts';
import { seedDemoAccount } from '../../lab/seed.ts';
import { captureIo } from '../support/io.ts';
import { useLab } from '../support/lab.ts';
import { validateComplianceFinding } from '../support/ocsf/validate.ts';

const handle = useLab();
const savedEndpoint = process.env.AWS_ENDPOINT_URL;
let DEMO_POLICY_PATH = '';
beforeAll(() => {
  process.env.AWS_ENDPOINT_URL = handle.lab.moto.endpoint;
  // The demo policy as the lab writes it: the catalog hostnames point at the local TLS stand-ins.
  DEMO_POLICY_PATH = handle.lab.policyPath;
});
afterAll(() => {
  process.env.AWS_ENDPOINT_URL = savedEndpoint;
});

const seed = async () => {
  const clients = new AwsClients(handle.lab.clientOptions);
  try {
    return await seedDemoAccount(clients, MOTO_ACCOUNT, 'us-east-1', handle.lab.aws);
  } finally {
    clients.destroy();
  }
};

describe('tpm scan against moto', () => {
  it('prints the stable JSON contract and exits 1 for failing findings', async () => {
    await seed();
    const io = captureIo({}, { aws: handle.lab.clientOptions });
    const code = await main(['scan', '--config', DEMO_POLICY_PATH, '--format', 'json'], io);
    expect(code).toBe(EXIT.findings);
    const document = JSON.parse(io.out());
    expect(document.schemaVersion).toBe(1);
    expect(document.scan).toMatchObject({ account: MOTO_ACCOUNT, regions: ['us-east-1'], policy: DEMO_POLICY_PATH });
    expect(document.scan.apiCalls['EC2.DescribeVpcEndpoints']).toBe(1);
    for (const finding of document.findings) {
      for (const key of [
        'checkId',
        'status',
        'severity',
        'service',
        'account',
        'region',
        'resourceType',
        'resourceId',
        'message',
        'evidence',
      ]) {
        expect(finding, key).toHaveProperty(key);
      }
    }
    expect(document.summary.byStatus).toEqual({ PASS: 76, FAIL: 10, ERROR: 0, NOT_APPLICABLE: 8 });
    expect(document.summary.suppressed).toBe(1);
    expect(document.summary.failingBySeverity).toEqual({ INFO: 0, LOW: 1, MEDIUM: 1, HIGH: 7, CRITICAL: 0 });
    expect(document.summary.byService.tls).toEqual({ pass: 34, fail: 2, error: 0, complianceRatio: 0.9444 });
    expect(io.err()).toBe(''); // not a TTY: no progress noise in CI logs
  });

  it('gates on --fail-on: critical passes this estate, medium does not', async () => {
    await seed();
    expect(
      await main(
        ['scan', '--config', DEMO_POLICY_PATH, '--fail-on', 'critical', '--quiet'],
        captureIo({}, { aws: handle.lab.clientOptions }),
      ),
    ).toBe(EXIT.ok);
    expect(
      await main(
        ['scan', '--config', DEMO_POLICY_PATH, '--fail-on', 'medium', '--quiet'],
        captureIo({}, { aws: handle.lab.clientOptions }),
      ),
    ).toBe(EXIT.findings);
  });

  it('prints the table with failing findings and a summary, and progress on a terminal', async () => {
    await seed();
    const io = captureIo({}, { tty: true, aws: handle.lab.clientOptions });
    await main(['scan', '--config', DEMO_POLICY_PATH], io);
    expect(io.out()).toContain('9 FAIL (7 HIGH, 1 MEDIUM, 1 LOW) · 0 ERROR · 76 PASS · 8 N/A · 1 suppressed');
    expect(io.out()).toContain('SUPPR');
    expect(io.err()).toContain('us-east-1 done:');
  });

  it('--format ocsf prints every finding as an OCSF 1.7.0 Compliance Finding that validates', async () => {
    await seed();
    const io = captureIo({}, { aws: handle.lab.clientOptions });
    expect(await main(['scan', '--config', DEMO_POLICY_PATH, '--format', 'ocsf'], io)).toBe(EXIT.findings);
    const records = JSON.parse(io.out()) as Record<string, unknown>[];
    expect(records).toHaveLength(94); // one per finding, as the JSON document counts them
    expect(records.flatMap((record) => validateComplianceFinding(record))).toEqual([]);
    expect(records.filter((record) => (record.compliance as { status_id?: number }).status_id === 3)).toHaveLength(10);
    expect(await main(['probe', 'example.com', '--format', 'ocsf'], captureIo())).toBe(EXIT.usage);
  });

  it('--security-hub imports one finding per failing (check, resource) once, then nothing on a repeat', async () => {
    // Prepare: the demo estate, a hub enabled on moto, and a fresh SQLite baseline.
    await seed();
    const clients = new AwsClients(handle.lab.clientOptions);
    const hub = clients.client(SecurityHubClient, 'us-east-1');
    await hub.send(new EnableSecurityHubCommand({}));
    const dir = await mkdtemp(join(tmpdir(), 'tpm-hub-'));
    const args = ['scan', '--config', DEMO_POLICY_PATH, '--baseline', join(dir, 'baseline.sqlite'), '--security-hub'];
    try {
      // Act
      const first = captureIo({}, { aws: handle.lab.clientOptions });
      const firstCode = await main([...args, '--format', 'json'], first);
      const repeat = captureIo({}, { aws: handle.lab.clientOptions });
      const repeatCode = await main(args, repeat);
      const findings = (await hub.send(new GetFindingsCommand({ MaxResults: 100 }))).Findings ?? [];
      // Assess: the 9 unsuppressed failures and the suppressed one, each once; the repeat is quiet.
      expect(firstCode).toBe(EXIT.findings);
      const document = JSON.parse(first.out());
      expect(document.changes.securityHub).toMatchObject({ destination: 'AWS Security Hub', imported: 10, failed: 0 });
      expect(findings).toHaveLength(10);
      expect(new Set(findings.map((finding) => finding.Id)).size).toBe(10);
      expect(findings.filter((finding) => finding.Workflow?.Status === 'SUPPRESSED')).toHaveLength(1);
      expect(findings.every((finding) => finding.Compliance?.Status === 'FAILED')).toBe(true);
      expect(repeatCode).toBe(EXIT.findings);
      expect(repeat.out()).not.toContain('Security Hub:');
      expect(await main(['scan', '--config', DEMO_POLICY_PATH, '--security-hub'], captureIo())).toBe(EXIT.usage);
    } finally {
      clients.destroy();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('tpm demo', () => {
  it('tells the whole story on its own lab: scan, baseline, regressions once, metrics, recovery', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tpm-demo-'));
    try {
      const io = captureIo({}, { aws: handle.lab.clientOptions });
      expect(await main(['demo', '--report', join(dir, 'report.html')], io)).toBe(EXIT.ok);
      const out = io.out();
      expect(out).toContain('planted misconfigurations detected: 9/9 · unexpected failures: 0');
      // The change handler re-checked exactly the touched resources and found each regression.
      expect(out).toMatch(/AuthorizeSecurityGroupIngress: re-checked sg-[0-9a-f]+ in 9 AWS calls/);
      expect(out).toMatch(/REGRESSION fsx_file_cache_lustre_ports_restricted us-east-1\/fc-0a1b2c3d4e5f67890/);
      expect(out).toMatch(/ModifyVpcEndpoint: re-checked vpce-[0-9a-f]+ in 7 AWS calls/);
      expect(out).toContain('REGRESSION tls_endpoint_minimum_version_enforced us-east-1/dynamodb.us-east-1.amazonaws.com:443');
      // The email as SNS delivered it, and the metrics as CloudWatch holds them.
      expect(out).toContain('Subject: [CRITICAL] 1 regression in 123456789012/us-east-1: File Cache Lustre ports open');
      expect(out).toMatch(/LowestAcceptedTlsVersion, DynamoDB \(min\)\s+1\b/);
      expect(out).toMatch(/✉ \[RECOVERED\] 1 recovery in 123456789012\/us-east-1: File Cache Lustre ports/);
      expect(io.err()).toMatch(/✓ 9\/9 planted problems found, 5 regressions alerted once each and recovered, in [\d.]+ s/);
      expect(io.err()).toContain('local AWS and TLS servers stopped.');
      expect(await readFile(join(dir, 'report.html'), 'utf8')).toContain('<section id="failing">');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('prints the story as one JSON document with --format json, narration on stderr only', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tpm-demo-'));
    try {
      const io = captureIo({}, { aws: handle.lab.clientOptions });
      expect(await main(['demo', '--format', 'json', '--report', join(dir, 'r.html')], io)).toBe(EXIT.ok);
      const story = JSON.parse(io.out()) as {
        problems: string[];
        scan: { findings: unknown[]; tlsEndpoints: { endpoint: string }[] };
        regressions: { expected: string[]; emails: { subject: string; attributes: Record<string, string> }[] };
        recovery: { emails: { subject: string }[] };
      };
      expect(story.problems).toEqual([]);
      expect(story.regressions.expected).toHaveLength(5);
      expect(story.regressions.emails.map((email) => email.attributes.severity)).toEqual([
        'CRITICAL',
        'HIGH',
        'MEDIUM',
        'LOW',
        'HIGH',
      ]);
      expect(story.recovery.emails.every((email) => email.subject.startsWith('[RECOVERED] '))).toBe(true);
      expect(story.scan.tlsEndpoints.map((endpoint) => endpoint.endpoint)).toContain('pinpoint.us-east-1.amazonaws.com:443');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('runs through the real bin under Node 24 with no build step', () => {
    const bin = fileURLToPath(new URL('../../bin/tpm.js', import.meta.url));
    const result = spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe('0.1.0');
    expect(result.stderr).toBe('');
  });
});

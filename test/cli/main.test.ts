/** The CLI without AWS: help that teaches, usage errors, config errors, exit codes. */
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EXIT, EXIT_CODE_HELP } from '../../cli/exit-codes.ts';
import { EXIT_CODE_OF_ERROR, main } from '../../cli/main.ts';
import { gateExitCode } from '../../cli/scan-options.ts';
import { CHECKS } from '../../functions/engine/checks/registry.ts';
import * as errors from '../../functions/engine/errors.ts';
import type { Finding } from '../../functions/engine/types.ts';
import { captureIo } from '../support/io.ts';

describe('tpm', () => {
  it('prints the command list with examples and exits 2 when run bare', async () => {
    const io = captureIo();
    expect(await main([], io)).toBe(EXIT.usage);
    expect(io.out()).toContain('tpm demo');
    expect(io.out()).toContain('Exit codes:');
  });

  it.each(['scan', 'probe', 'checks', 'validate', 'demo', 'invoke', 'report'])(
    '%s --help shows usage and examples and exits 0',
    async (command) => {
      const io = captureIo();
      expect(await main([command, '--help'], io)).toBe(EXIT.ok);
      expect(io.out()).toContain(`Usage: tpm ${command}`);
      expect(io.out()).toMatch(/Examples?:|Example:|Options:/);
    },
  );

  it('scan --help names every registered check under its service', async () => {
    const io = captureIo();
    await main(['scan', '--help'], io);
    const help = io.out();
    expect(help).toContain(`What it checks (${CHECKS.length} checks;`);
    for (const check of CHECKS) expect(help).toContain(check.id);
    expect(help).toMatch(/^ {2}vpn {2,}vpn_connection_state_available /m);
    expect(help).toMatch(/^ {2}fsx {2,}fsx_file_cache_lifecycle_available fsx_file_cache_lustre_ports_restricted$/m);
  });

  it('rejects an unknown command with the list of commands', async () => {
    const io = captureIo();
    expect(await main(['scna'], io)).toBe(EXIT.usage);
    expect(io.err()).toBe(
      'tpm: unknown command "scna". Commands: scan, probe, report, checks, validate, invoke, demo. Run "tpm --help".\n',
    );
  });

  it('rejects unknown flags and bad values in one line, without a stack trace', async () => {
    for (const [args, expected] of [
      [['scan', '--bogus'], "tpm scan: Unknown option '--bogus'"],
      [['scan', '--format', 'xml'], 'tpm scan: --format must be "table", "json" or "ocsf", not "xml"'],
      [['probe', 'example.com', '--format', 'ocsf'], 'tpm probe: --format must be "table" or "json", not "ocsf"'],
      [
        ['scan', '--fail-on', 'severe'],
        'tpm scan: --fail-on must be one of info, low, medium, high, critical, none; not "severe"',
      ],
      [
        ['scan', '--region', 'mars-1'],
        'tpm scan: --region "mars-1" is not an AWS region code such as us-east-1 (one the AWS SDK knows)',
      ],
      [['scan', '--region', 'us-east-9'], 'tpm scan: --region "us-east-9" is not an AWS region code'],
      // Issue 17, case 7: a port out of range is a bad command line (2), not "could not be measured" (5).
      [['probe', '127.0.0.1:99999'], 'tpm probe: "127.0.0.1:99999": port 99999 is not between 1 and 65535'],
    ] as const) {
      const io = captureIo();
      expect(await main([...args], io)).toBe(EXIT.usage);
      expect(io.err().startsWith(expected)).toBe(true);
      expect(io.err().split('\n').filter(Boolean)).toHaveLength(1);
    }
  });

  it.each([
    [['--sns-topic', 'arn:aws:sns:us-east-1:123456789012:alerts'], '--sns-topic needs --baseline'],
    [['--baseline', 'b.sqlite', '--sns-topic', 'alerts'], '--sns-topic "alerts" is not an SNS topic ARN'],
    [['--baseline', 'dynamodb:x'], 'a DynamoDB table name is 3-255 letters'],
    [['--namespace', 'TPM'], '--namespace only applies with --publish-metrics'],
    [['--publish-metrics', '--namespace', 'AWS/EC2'], 'not AWS/'],
  ])('rejects inconsistent output flags %j in one line', async (flags, expected) => {
    const io = captureIo();
    expect(await main(['scan', '--region', 'us-east-1', ...flags], io)).toBe(EXIT.usage);
    expect(io.err()).toContain(expected);
    expect(io.err().trim().split('\n')).toHaveLength(1);
  });

  it('exits 2 with a hint when no region can be found', async () => {
    const io = captureIo({ AWS_REGION: undefined, AWS_DEFAULT_REGION: undefined });
    expect(await main(['scan'], io)).toBe(EXIT.usage);
    expect(io.err()).toContain('no region to scan: pass --region');
  });

  it('exits 3 for a bad policy file, listing the problems', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tpm-cli-'));
    const file = join(dir, 'policy.yaml');
    await writeFile(file, 'version: 1\ntrust:\n  accounts: ["12"]\n');
    const io = captureIo();
    expect(await main(['scan', '--config', file, '--region', 'us-east-1'], io)).toBe(EXIT.config);
    expect(io.err()).toContain('trust.accounts[0]: must be a 12-digit AWS account id (got "12")');
    expect(await main(['validate', file], captureIo())).toBe(EXIT.config);
  });

  it('validate summarises a good policy and warns about expired suppressions', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tpm-cli-'));
    const file = join(dir, 'policy.yaml');
    await writeFile(
      file,
      'version: 1\nscope:\n  regions: [eu-west-1]\nsuppressions:\n  - check: vpc_endpoint_subnets_multi_az\n    resource: "*"\n    reason: accepted for the pilot\n    expires: 2020-01-01\n',
    );
    const io = captureIo();
    expect(await main(['validate', file], io)).toBe(EXIT.ok);
    expect(io.out()).toContain(`${file}: valid`);
    expect(io.out()).toContain('regions: eu-west-1');
    expect(io.out()).toContain('warning: suppression for vpc_endpoint_subnets_multi_az on * expired on 2020-01-01');
  });

  it('validate accepts --config like scan, and digests the VPN and Direct Connect requirements', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tpm-cli-'));
    const file = join(dir, 'policy.yaml');
    await writeFile(file, 'version: 1\nvpn:\n  minimumDhGroup: 20\ndirectConnect:\n  unencryptedSeverity: CRITICAL\n');
    const io = captureIo();
    expect(await main(['validate', '--config', file], io)).toBe(EXIT.ok);
    expect(io.out()).toContain('DH at least group 20; logs required');
    expect(io.out()).toContain('Direct Connect: 2 connections in 2 locations per region; unencrypted path is CRITICAL');
    expect(await main(['validate', '--config', file, 'extra.yaml'], captureIo())).toBe(EXIT.usage);
  });

  it('checks lists every check and explains one, with did-you-mean on a typo', async () => {
    const list = captureIo();
    expect(await main(['checks'], list)).toBe(EXIT.ok);
    expect(list.out()).toContain('vpc_endpoint_policy_trusted_principals');
    const one = captureIo();
    expect(await main(['checks', 'vpc_endpoint_private_dns_enabled'], one)).toBe(EXIT.ok);
    expect(one.out()).toContain('IAM permissions: ec2:DescribeVpcEndpoints');
    expect(one.out()).toContain('Why:');
    const typo = captureIo();
    expect(await main(['checks', 'vpc_endpoint_private_dns'], typo)).toBe(EXIT.usage);
    expect(typo.err()).toContain('did you mean "vpc_endpoint_private_dns_enabled"?');
    const json = captureIo();
    expect(await main(['checks', '--format', 'json'], json)).toBe(EXIT.ok);
    expect(JSON.parse(json.out()).every((check: { permissions: string[] }) => check.permissions.length > 0)).toBe(true);
  });

  it('checks --framework lists a framework by control, with the clause and the checks; a wrong name is a usage error', async () => {
    // Act
    const nist = captureIo();
    const code = await main(['checks', '--framework', 'nist-800-53', '--format', 'json'], nist);
    const table = captureIo();
    await main(['checks', '--framework', 'aws-security-hub'], table);
    const wrong = captureIo();
    // Assess: SC-8(1)'s clause as NIST SP 800-53 Rev. 5 words it, and the TLS minimum-version check under it.
    expect(code).toBe(EXIT.ok);
    const listed = JSON.parse(nist.out()) as { controls: { control: string; clause: string; checks: string[] }[] };
    const sc81 = listed.controls.find((entry) => entry.control === 'SC-8(1)');
    expect(sc81?.clause).toMatch(/^Implement cryptographic mechanisms to prevent unauthorized disclosure/);
    expect(sc81?.checks).toContain('tls_endpoint_minimum_version_enforced');
    expect(listed.controls.map((entry) => entry.control)).toEqual(
      expect.arrayContaining(['AC-4', 'AC-17', 'AU-12', 'SC-7', 'SC-8', 'SC-13', 'SC-23']),
    );
    expect(table.out()).toContain('EC2.20  Both VPN tunnels for an AWS Site-to-Site VPN connection should be up');
    expect(table.out()).toContain('· vpn_connection_tunnels_up');
    expect(await main(['checks', '--framework', 'iso-27001'], wrong)).toBe(EXIT.usage);
    expect(wrong.err()).toContain('--framework must be one of nist-800-53, pci-dss-4.0, aws-security-hub');
    // Each check's JSON carries its mappings.
    const all = captureIo();
    await main(['checks', '--format', 'json'], all);
    const tunnels = (JSON.parse(all.out()) as { id: string; frameworks: { control: string }[] }[]).find(
      (check) => check.id === 'vpn_connection_tunnels_up',
    );
    expect(tunnels?.frameworks.map((entry) => entry.control)).toEqual(['AC-17', 'CP-8', 'EC2.20']);
  });

  it('exits 8 with one line when the AWS API cannot be reached', async () => {
    // The vitest environment points AWS_ENDPOINT_URL at a closed loopback port: nobody answers.
    const io = captureIo();
    expect(await main(['scan', '--region', 'us-east-1'], io)).toBe(EXIT.unreachable);
    expect(io.err()).toMatch(/^tpm scan: Could not reach the AWS API in us-east-1 for sts:GetCallerIdentity/);
    expect(io.err().trim().split('\n')).toHaveLength(1);
  });
});

describe('gateExitCode', () => {
  const finding = (status: Finding['status'], severity: Finding['severity'], suppressed = false): Finding => ({
    checkId: 'c',
    title: 't',
    status,
    severity,
    service: 'vpc',
    account: '1',
    region: 'r',
    resourceType: 'AWS::EC2::VPC',
    resourceId: 'x',
    message: 'm',
    evidence: {},
    remediation: 'r',
    ...(suppressed
      ? { suppression: { state: 'active' as const, reason: 'r', expires: '2099-01-01', resourcePattern: '*' } }
      : {}),
  });

  it.each([
    [[finding('FAIL', 'MEDIUM')], 'LOW', EXIT.findings],
    [[finding('FAIL', 'MEDIUM')], 'HIGH', EXIT.ok],
    [[finding('FAIL', 'HIGH')], 'HIGH', EXIT.findings],
    [[finding('FAIL', 'CRITICAL', true)], 'LOW', EXIT.ok],
    [[finding('ERROR', 'HIGH')], 'LOW', EXIT.incomplete],
    [[finding('ERROR', 'HIGH'), finding('FAIL', 'LOW')], 'LOW', EXIT.findings],
    [[finding('ERROR', 'HIGH'), finding('FAIL', 'CRITICAL')], 'NONE', EXIT.ok],
    [[finding('PASS', 'HIGH')], 'INFO', EXIT.ok],
  ] as const)('%#: %j at --fail-on %s exits %i', (findings, failOn, code) => {
    expect(gateExitCode({ findings }, failOn)).toBe(code);
  });
});

describe('exit codes of errors', () => {
  it('gives every error class errors.ts exports its own entry, and a bare TpmError is a bug (70)', async () => {
    const errorClasses = Object.values(errors as Record<string, unknown>).filter(
      (value): value is typeof errors.TpmError => typeof value === 'function' && value.prototype instanceof errors.TpmError,
    );
    expect(errorClasses.length).toBeGreaterThan(8);
    const mapped = new Set<unknown>(EXIT_CODE_OF_ERROR.map(([type]) => type));
    for (const type of errorClasses) expect(mapped.has(type), type.name).toBe(true);
    // Each code the table can return is documented in the help text.
    for (const [, code] of EXIT_CODE_OF_ERROR) expect(EXIT_CODE_HELP).toMatch(new RegExp(`^ {2}${code} `, 'm'));
    expect(new Set(Object.values(EXIT)).size).toBe(Object.values(EXIT).length);
  });

  it('declares every error class in errors.ts: none lives beside the code that throws it (issue 15, 17)', async () => {
    const root = fileURLToPath(new URL('../../functions/', import.meta.url));
    const files = (await readdir(root, { recursive: true })).filter((file) => file.endsWith('.ts'));
    const exported = [];
    for (const file of files) {
      const text = await readFile(join(root, file), 'utf8');
      for (const match of text.matchAll(/^export class (\w+) extends (\w+)/gm))
        if (/Error$/.test(match[2] ?? '') && file !== join('engine', 'errors.ts')) exported.push(`${file}: ${match[1]}`);
    }
    expect(exported).toEqual([]);
  });
});

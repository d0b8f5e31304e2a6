/**
 * `cdk synth` through the real CDK CLI, as a user runs it, with no AWS credentials and a guard
 * in every Node process it starts that throws on any socket to a non-loopback host: the synth is
 * offline (bundling included) and produces a template that passed cdk-nag.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const GUARD = fileURLToPath(new URL('../support/loopback-only.ts', import.meta.url));

describe('cdk synth (CLI)', () => {
  it('synthesizes offline without credentials, bundling the handlers and passing cdk-nag', async () => {
    const out = await mkdtemp(join(tmpdir(), 'tpm-cdk-'));
    try {
      const env = {
        PATH: `${join(ROOT, 'node_modules/.bin')}:${process.env.PATH ?? ''}`,
        HOME: out,
        CDK_DISABLE_CLI_TELEMETRY: 'true',
        CDK_DISABLE_VERSION_CHECK: 'true',
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        NODE_OPTIONS: `--import ${GUARD}`,
      };
      const { stderr } = await promisify(execFile)(
        'cdk',
        ['synth', '--no-notices', '--quiet', '--output', out, '-c', 'tpm:alertEmails=secops@example.com'],
        { cwd: join(ROOT, 'infra'), env, timeout: 120_000 },
      );
      expect(stderr).not.toMatch(/tried to open a socket/);
      const template = JSON.parse(await readFile(join(out, 'TrafficPrivacyMonitor.template.json'), 'utf8')) as {
        Resources: Record<string, { Type: string }>;
      };
      const types = Object.values(template.Resources).map((resource) => resource.Type);
      expect(types.filter((type) => type === 'AWS::Lambda::Function')).toHaveLength(3);
      const report = JSON.parse(await readFile(join(out, 'validation-report.json'), 'utf8')) as { pluginReports: unknown[] };
      expect(report.pluginReports).toEqual([]);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  }, 150_000);
});

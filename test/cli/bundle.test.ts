/**
 * The bundled CLI (.build/cli/, scripts/build-cli.ts) against the sources it is built from: the
 * same output for the same command lines, run as processes through bin/tpm.js, one forced onto
 * the sources (TPM_FROM_SOURCES=1). Everything else in the suite tests the sources.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { currentBundle } from '../../bin/cli-bundle.js';
import { buildCli } from '../../scripts/build-cli.ts';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TPM = fileURLToPath(new URL('../../bin/tpm.js', import.meta.url));

const tpm = async (args: string[], fromSources: boolean) => {
  const env = { ...process.env, NO_COLOR: '1', ...(fromSources ? { TPM_FROM_SOURCES: '1' } : {}) };
  try {
    const { stdout, stderr } = await run(process.execPath, [TPM, ...args], { env, cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
};

beforeAll(async () => {
  if (!currentBundle(ROOT)) await buildCli();
}, 120_000);

describe('the bundled tpm', () => {
  it('is current after a build, so bin/tpm.js uses it', () => {
    expect(currentBundle(ROOT)).toMatch(/\.build\/cli\/main\.js$/);
  });

  it.each([
    [['--help']],
    [['checks', '--format', 'json']],
    [['checks', 'tls_endpoint_certificate_strong']],
    [['validate', 'lab/demo-policy.yaml']],
    [['scan', '--deadline', 'soon']],
    [['probe', '--targets', 'no-such-file.txt']],
  ])(
    'answers %j exactly as the sources do',
    async (args) => {
      const [bundled, sources] = await Promise.all([tpm(args, false), tpm(args, true)]);
      expect(bundled).toEqual(sources);
    },
    60_000,
  );
});

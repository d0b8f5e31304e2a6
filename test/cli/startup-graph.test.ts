/**
 * What each fast command loads, read from the import graph of the sources: `tpm --help`, `tpm
 * checks` and `tpm probe` never reach the AWS SDK (about 0.6 s and 120 MiB to load), so they
 * start in a blink (bench/cli-startup.ts measures it). Issue 15: `tpm checks` once took 0.8 s
 * after its IAM permissions began to be derived through the collectors, which import the SDK.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Static imports only: a dynamic import() is what keeps a command lazy. */
const STATIC_IMPORT = /^(?:import|export)\s[^'"]*?from '([^']+)'/gm;

/** Every package a module reaches through static imports (type-only imports are erased and skipped). */
const packagesReachedFrom = async (entry: string): Promise<Set<string>> => {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const pending = [normalize(join(ROOT, entry))];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = await readFile(file, 'utf8');
    for (const match of text.matchAll(STATIC_IMPORT)) {
      const [statement, specifier] = match as unknown as [string, string];
      if (/^(?:import|export) type\s/.test(statement)) continue;
      if (specifier.startsWith('.')) pending.push(normalize(join(dirname(file), specifier)));
      else if (!specifier.startsWith('node:')) packages.add(specifier);
    }
  }
  return packages;
};

describe('the fast commands', () => {
  it('finds the SDK where it is loaded (the scan command), so the test can fail', async () => {
    expect([...(await packagesReachedFrom('cli/commands/scan.ts'))]).toEqual(expect.arrayContaining(['@aws-sdk/client-ec2']));
  });

  it.each(['cli/main.ts', 'cli/commands/checks.ts', 'cli/commands/probe.ts'])('%s reaches no AWS SDK client', async (entry) => {
    const clients = [...(await packagesReachedFrom(entry))].filter((name) => name.startsWith('@aws-sdk/client-'));
    expect(clients).toEqual([]);
  });
});

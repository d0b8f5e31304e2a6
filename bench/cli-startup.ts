/**
 * Benchmark: how fast `tpm` starts, against a bare `node -e 0` measured in the same run, from the
 * bundle (.build/cli/, what bin/tpm.js runs while it is current) and from the TypeScript sources
 * (TPM_FROM_SOURCES=1); and `tpm probe` on one local server against sslscan on the same server,
 * each as a process. Prints median wall time, peak RSS and the ratios.
 *
 *   node bench/cli-startup.ts [--runs 9]
 */
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { currentBundle } from '../bin/cli-bundle.js';
import { buildCli } from '../scripts/build-cli.ts';
import { median } from './lib/stats.ts';
import { printTable } from './lib/table.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '9' } } });
const runs = Number(values.runs);
const root = fileURLToPath(new URL('..', import.meta.url));
const tpm = join(root, 'bin/tpm.js');
if (!currentBundle(root)) await buildCli();

/** Wall time (ms) and peak RSS (MiB, from GNU time) of one process. */
const measure = (command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): { ms: number; mib: number } => {
  const started = performance.now();
  const result = spawnSync('/usr/bin/time', ['-f', '%M', command, ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  const ms = performance.now() - started;
  const kib = Number(result.stderr.trim().split('\n').at(-1));
  return { ms, mib: kib / 1024 };
};
const series = (command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}) => {
  measure(command, args, env); // warm the page cache
  const samples = Array.from({ length: runs }, () => measure(command, args, env));
  return {
    ms: Math.round(median(samples.map((sample) => sample.ms))),
    mib: Math.round(median(samples.map((sample) => sample.mib))),
  };
};

const baseline = series(process.execPath, ['-e', '0']);
const rows: string[][] = [['node -e 0', `${baseline.ms} ms`, `${baseline.mib} MiB`, '1.0×', '']];
for (const args of [['--help'], ['checks'], ['probe', '--help']]) {
  const bundled = series(process.execPath, [tpm, ...args]);
  const sources = series(process.execPath, [tpm, ...args], { TPM_FROM_SOURCES: '1' });
  rows.push([
    `tpm ${args.join(' ')}`,
    `${bundled.ms} ms`,
    `${bundled.mib} MiB`,
    `${(bundled.ms / baseline.ms).toFixed(1)}×`,
    `${sources.ms} ms, ${sources.mib} MiB (${(sources.ms / bundled.ms).toFixed(1)}× slower)`,
  ]);
}

// One local TLS server, probed by `tpm probe` and by sslscan, each a process.
const host = spawn(process.execPath, [fileURLToPath(new URL('./lib/tls-server-host.ts', import.meta.url))], {
  stdio: ['pipe', 'pipe', 'inherit'],
});
const [line] = (await once(createInterface({ input: host.stdout }), 'line')) as [string];
const { caPem, ports } = JSON.parse(line) as { caPem: string; ports: Record<string, number> };
const caFile = join(tmpdir(), `tpm-bench-ca-${process.pid}.pem`);
writeFileSync(caFile, caPem);
const port = ports.legacy as number;
const probe = series(process.execPath, [tpm, 'probe', `127.0.0.1:${port}`, '--ca', caFile, '--format', 'json']);
const sslscan = series('sslscan', ['--no-colour', `127.0.0.1:${port}`]);
host.stdin.end();

console.log(`CLI start-up benchmark · median of ${runs} runs, each a fresh process\n`);
printTable(['command', 'bundle', 'peak RSS', 'vs node -e 0', 'from the sources'], rows, 'left');
console.log('');
printTable(
  ['one TLS endpoint (legacy profile)', 'time', 'peak RSS', ''],
  [
    [
      'tpm probe 127.0.0.1 (process)',
      `${probe.ms} ms`,
      `${probe.mib} MiB`,
      `${(sslscan.ms / probe.ms).toFixed(1)}× ${probe.ms < sslscan.ms ? 'faster' : 'slower'} than sslscan`,
    ],
    ['sslscan 127.0.0.1 (process)', `${sslscan.ms} ms`, `${sslscan.mib} MiB`, ''],
  ],
  'left',
);

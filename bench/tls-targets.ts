/**
 * Benchmark: many targets at once. `tpm probe --targets FILE` (one process, targets probed
 * concurrently, each on its own adaptive lane) against sslscan on the same 20 local servers, as
 * `sslscan --targets=FILE` (one process) and as 20 sslscan processes one after another. Prints
 * wall time (median of runs, process start included), TCP connections the servers accepted,
 * the ratios measured in this run, and whether the verdicts agree target by target.
 *
 *   node bench/tls-targets.ts [--runs 3] [--copies 5]
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { mapWithConcurrency } from '../functions/engine/concurrency.ts';
import type { TlsReport } from '../functions/engine/model/tls.ts';
import { probeTarget } from '../functions/engine/tls/prober.ts';
import { type ReferenceVerdict, runSslscan } from '../lab/reference-scanners.ts';
import { median } from './lib/stats.ts';
import { printTable } from './lib/table.ts';
import { agreesOnPosture, type Verdict, verdictOf } from './lib/tls-verdict.ts';

const run = promisify(execFile);
const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, copies: { type: 'string', default: '5' } } });
const runs = Number(values.runs);

const host = spawn(
  process.execPath,
  [fileURLToPath(new URL('./lib/tls-server-host.ts', import.meta.url)), '--copies', values.copies as string],
  { stdio: ['pipe', 'pipe', 'inherit'] },
);
const lines = createInterface({ input: host.stdout })[Symbol.asyncIterator]();
const nextLine = async (): Promise<string> => (await lines.next()).value as string;
const { caPem, ports } = JSON.parse(await nextLine()) as { caPem: string; ports: Record<string, number> };
const connectionsSince = async (): Promise<number> => {
  host.stdin.write('count\n');
  return Object.values(JSON.parse(await nextLine()) as Record<string, number>).reduce((sum, count) => sum + count, 0);
};

const dir = await mkdtemp(join(tmpdir(), 'tpm-bench-targets-'));
const targetsFile = join(dir, 'targets.txt');
const caFile = join(dir, 'ca.pem');
const addresses = Object.values(ports).map((port) => `127.0.0.1:${port}`);
await writeFile(targetsFile, `${addresses.join('\n')}\n`);
await writeFile(caFile, caPem);
const tpm = fileURLToPath(new URL('../bin/tpm.js', import.meta.url));

const timed = async <T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> => {
  const started = performance.now();
  const value = await work();
  return { ms: Math.round(performance.now() - started), value };
};

console.log(`Many-target TLS benchmark · ${addresses.length} local servers in their own process · median of ${runs} runs\n`);
const inProcess: number[] = [];
const ours: number[] = [];
const oursConnections: number[] = [];
const sslscanTargets: number[] = [];
const sslscanTargetsConnections: number[] = [];
const sslscanProcesses: number[] = [];
let ourVerdicts: Verdict[] = [];
let theirVerdicts: ReferenceVerdict[] = [];
await connectionsSince();
const targets = Object.values(ports).map((port) => ({ host: '127.0.0.1', port, caPem, origin: 'declared' as const }));
await mapWithConcurrency(targets, 4, (target) => probeTarget(target)); // warm-up: JIT, TLS contexts
await connectionsSince();
for (let round = 0; round < runs; round++) {
  // The same engine without the process start: what a scheduled sweep pays per batch.
  inProcess.push((await timed(() => mapWithConcurrency(targets, 4, (target) => probeTarget(target, { tls12Groups: true })))).ms);
  await connectionsSince();
  const probe = await timed(() =>
    run(process.execPath, [tpm, 'probe', '--targets', targetsFile, '--ca', caFile, '--format', 'json'], {
      maxBuffer: 64 * 1024 * 1024,
    }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' })),
  );
  ours.push(probe.ms);
  oursConnections.push(await connectionsSince());
  ourVerdicts = (JSON.parse(probe.value.stdout) as { reports: { report: TlsReport }[] }).reports.map(({ report }) =>
    verdictOf(report),
  );

  const together = await timed(() =>
    run('sslscan', ['--no-colour', '--xml=-', `--targets=${targetsFile}`], { maxBuffer: 64 * 1024 * 1024 }),
  );
  sslscanTargets.push(together.ms);
  sslscanTargetsConnections.push(await connectionsSince());

  const oneByOne = await timed(async () => {
    const verdicts: ReferenceVerdict[] = [];
    for (const address of addresses) {
      const [ip, port] = address.split(':') as [string, string];
      verdicts.push(await runSslscan(ip, Number(port)));
    }
    return verdicts;
  });
  sslscanProcesses.push(oneByOne.ms);
  await connectionsSince();
  theirVerdicts = oneByOne.value;
}
const agree = ourVerdicts.filter((verdict, index) => {
  const theirs = theirVerdicts[index];
  return theirs !== undefined && agreesOnPosture(verdict, theirs);
}).length;
const oursMs = median(ours);
printTable(
  ['run', 'time', 'connections', 'vs tpm probe'],
  [
    ['tpm probe --targets (1 process)', `${oursMs} ms`, String(median(oursConnections)), '1.0×'],
    ['  the same probes, no process start', `${median(inProcess)} ms`, '', `${(oursMs / median(inProcess)).toFixed(1)}× faster`],
    [
      'sslscan --targets (1 process)',
      `${median(sslscanTargets)} ms`,
      String(median(sslscanTargetsConnections)),
      `${(median(sslscanTargets) / oursMs).toFixed(1)}× slower`,
    ],
    ['20 sslscan processes', `${median(sslscanProcesses)} ms`, '—', `${(median(sslscanProcesses) / oursMs).toFixed(1)}× slower`],
    ['sslscan --targets vs in-process probes', '', '', `${(median(sslscanTargets) / median(inProcess)).toFixed(1)}× slower`],
  ],
);
console.log(
  `\nVerdicts (accepted versions, forward secrecy only) agree with sslscan on ${agree} of ${addresses.length} targets. ` +
    `tpm probe also re-tests every verdict-deciding refusal alone and reads certificates, groups, fallback SCSV and renegotiation.`,
);
host.stdin.end();
await rm(dir, { recursive: true, force: true });

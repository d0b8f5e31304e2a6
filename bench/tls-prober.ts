/**
 * Benchmark: `tpm probe`'s full posture probe vs sslscan and testssl.sh on the same local
 * servers. Prints time per endpoint (median of runs), handshakes, the speed ratio measured in
 * this run, and whether the protocol, suite and forward-secrecy verdicts agree.
 *
 *   node bench/tls-prober.ts [--runs 7] [--no-testssl]
 *
 * The servers run in a child process, so their handshake work does not share the prober's event
 * loop (sslscan and testssl.sh get their own processes too).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { TlsReport } from '../functions/engine/model/tls.ts';
import { probeTarget } from '../functions/engine/tls/prober.ts';
import { type ReferenceVerdict, runSslscan, runTestssl } from '../lab/reference-scanners.ts';
import { median } from './lib/stats.ts';
import { printTable } from './lib/table.ts';
import { agrees, verdictOf } from './lib/tls-verdict.ts';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '7' }, 'no-testssl': { type: 'boolean', default: false } },
});
const runs = Number(values.runs);

const host = spawn(process.execPath, [fileURLToPath(new URL('./lib/tls-server-host.ts', import.meta.url))], {
  stdio: ['pipe', 'pipe', 'inherit'],
});
const [line] = (await once(createInterface({ input: host.stdout }), 'line')) as [string];
const { caPem, ports } = JSON.parse(line) as { caPem: string; ports: Record<string, number> };

console.log(
  `TLS prober benchmark · ${Object.keys(ports).length} local servers in their own process · median of ${runs} runs (testssl.sh: 1 run)\n`,
);
const rows: string[][] = [];
let totalOurs = 0;
let totalFull = 0;
let totalSslscan = 0;
let allAgree = true;
for (const [name, port] of Object.entries(ports)) {
  const target = {
    host: 'bench.tpm.test',
    port: 443,
    connectTo: { host: '127.0.0.1', port },
    caPem,
    origin: 'declared' as const,
  };
  await probeTarget(target); // warm-up: JIT and the first TLS contexts
  const ourRuns: TlsReport[] = [];
  for (let run = 0; run < runs; run++) ourRuns.push(await probeTarget(target));
  // "full" also lists every TLS 1.2 group, as sslscan does: the like-for-like comparison.
  await probeTarget(target, { tls12Groups: true });
  const fullRuns: TlsReport[] = [];
  for (let run = 0; run < runs; run++) fullRuns.push(await probeTarget(target, { tls12Groups: true }));
  const sslscanRuns: ReferenceVerdict[] = [];
  for (let run = 0; run < runs; run++) sslscanRuns.push(await runSslscan('127.0.0.1', port));
  const testssl = values['no-testssl'] ? undefined : await runTestssl('127.0.0.1', port);
  const ours = median(ourRuns.map((report) => report.durationMs));
  const full = median(fullRuns.map((report) => report.durationMs));
  totalFull += full;
  const sslscan = median(sslscanRuns.map((verdict) => verdict.durationMs));
  totalOurs += ours;
  totalSslscan += sslscan;
  const ourVerdict = verdictOf(ourRuns[0] as TlsReport);
  const stable = ourRuns.every((report) => JSON.stringify(verdictOf(report)) === JSON.stringify(ourVerdict));
  const sslscanAgrees = agrees(ourVerdict, sslscanRuns[0] as ReferenceVerdict);
  const testsslAgrees = testssl ? agrees(ourVerdict, testssl) : undefined;
  allAgree &&= stable && sslscanAgrees && testsslAgrees !== false;
  rows.push([
    name,
    `${ours} ms`,
    String(ourRuns[0]?.handshakes),
    `${full} ms`,
    String(fullRuns[0]?.handshakes),
    `${sslscan} ms`,
    `${(sslscan / ours).toFixed(1)}×`,
    `${(sslscan / full).toFixed(1)}×`,
    testssl ? `${(testssl.durationMs / 1000).toFixed(1)} s` : '-',
    testssl ? `${(testssl.durationMs / ours).toFixed(0)}×` : '-',
    `${ourVerdict.versions.join(' ')} · FS-only ${ourVerdict.forwardSecretOnly}`,
    sslscanAgrees ? 'yes' : 'NO',
    testsslAgrees === undefined ? '-' : testsslAgrees ? 'yes' : 'NO',
  ]);
}
host.stdin.end();
await once(host, 'exit');

const header = [
  'server',
  'tpm scan',
  'hs',
  'tpm full',
  'hs',
  'sslscan',
  'scan vs sslscan',
  'full vs sslscan',
  'testssl.sh',
  'vs testssl',
  'verdict (tpm)',
  'sslscan agrees',
  'testssl agrees',
];
printTable(header, rows, 'left');
console.log(
  `\nTotal: tpm scan mode ${totalOurs} ms, full mode ${totalFull} ms, sslscan ${totalSslscan} ms → ${(totalSslscan / totalOurs).toFixed(1)}× (scan) and ${(totalSslscan / totalFull).toFixed(1)}× (full) faster; verdicts ${allAgree ? 'identical (protocols, every suite, forward secrecy)' : 'DIFFER'}.`,
);
console.log(
  'scan mode = what every schedule tick runs; full mode also lists every TLS 1.2 group, like sslscan (tpm probe uses it). hs = handshakes.',
);
console.log(
  'Per endpoint tpm probe also measures what sslscan does not: TLS 1.3 groups with hybrid PQ, fallback SCSV, chain trust and hostname.',
);

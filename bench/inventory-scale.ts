/**
 * Benchmark: scan wall time, AWS calls and memory at N = 100, 1,000 and 10,000 VPC endpoints (with
 * their VPCs, subnets, route tables and security groups) in moto, against the lower bound
 * measured in the same run: the same Describe calls, paged the same way, doing nothing else.
 *
 *   node bench/inventory-scale.ts [--sizes 100,1000,10000] [--runs 3]
 *
 * Each measurement runs in its own process (peak RSS is then that run's own); scan and lower
 * bound alternate so neither gets a warmer moto. moto never paginates EC2 describes, so the
 * minimum number of calls here is one per Describe; on AWS it is one per 1,000 items.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { AwsClients } from '../functions/engine/collectors/aws-clients.ts';
import { startMoto } from '../lab/moto.ts';
import { ENDPOINTS_PER_VPC, seedVpc } from './lib/seed-scale.ts';
import { median } from './lib/stats.ts';
import { printTable } from './lib/table.ts';

const { values } = parseArgs({
  options: { sizes: { type: 'string', default: '100,1000,10000' }, runs: { type: 'string', default: '3' } },
});
const sizes = values.sizes.split(',').map(Number);
const runs = Number(values.runs);
const CHILD = fileURLToPath(new URL('./lib/inventory-child.ts', import.meta.url));

type Measurement = { ms: number; warmMs: number; calls: number; maxRssMb: number; peakHeapMb: number; items: number };

const measure = async (mode: 'scan' | 'lower', endpoint: string): Promise<Measurement> => {
  const { stdout } = await promisify(execFile)(process.execPath, [CHILD, mode, endpoint], {
    maxBuffer: 1 << 20,
    timeout: 600_000,
  });
  return JSON.parse(stdout) as Measurement;
};

const moto = await startMoto();
try {
  const clients = new AwsClients(moto.clientOptions);
  const ec2 = clients.ec2('us-east-1');
  console.log(
    `Inventory scale benchmark · moto ${moto.endpoint} · ${ENDPOINTS_PER_VPC} endpoints per VPC · median of ${runs} runs, each in its own process\n`,
  );
  const header = [
    'endpoints',
    'VPCs',
    'scan ms',
    'lower bound ms',
    'overhead',
    'warm scan/lower ms',
    'warm overhead',
    'calls (scan/min)',
    'peak RSS MB (scan/min)',
    'peak heap MB',
    'findings',
  ];
  const rows: string[][] = [];
  let seededVpcs = 0;
  for (const size of sizes) {
    const seedStarted = performance.now();
    const vpcs = Math.ceil(size / ENDPOINTS_PER_VPC);
    for (let index = seededVpcs; index < vpcs; index++)
      await seedVpc(ec2, index, Math.min(ENDPOINTS_PER_VPC, size - index * ENDPOINTS_PER_VPC));
    seededVpcs = vpcs;
    process.stderr.write(
      `  seeded ${size} endpoints in ${vpcs} VPCs (${((performance.now() - seedStarted) / 1000).toFixed(1)} s)\n`,
    );
    const scans: Measurement[] = [];
    const lowers: Measurement[] = [];
    for (let run = 0; run < runs; run++) {
      // Alternate the order, so neither side always meets a warm moto.
      if (run % 2 === 0) {
        scans.push(await measure('scan', moto.endpoint));
        lowers.push(await measure('lower', moto.endpoint));
      } else {
        lowers.push(await measure('lower', moto.endpoint));
        scans.push(await measure('scan', moto.endpoint));
      }
    }
    const scanMs = median(scans.map((entry) => entry.ms));
    const lowerMs = median(lowers.map((entry) => entry.ms));
    const warmScan = median(scans.map((entry) => entry.warmMs));
    const warmLower = median(lowers.map((entry) => entry.warmMs));
    rows.push([
      String(size),
      String(vpcs),
      String(scanMs),
      String(lowerMs),
      `${(((scanMs - lowerMs) / lowerMs) * 100).toFixed(1)} %`,
      `${warmScan}/${warmLower}`,
      `${(((warmScan - warmLower) / warmLower) * 100).toFixed(1)} %`,
      `${median(scans.map((entry) => entry.calls))}/${median(lowers.map((entry) => entry.calls))}`,
      `${median(scans.map((entry) => entry.maxRssMb))}/${median(lowers.map((entry) => entry.maxRssMb))}`,
      String(median(scans.map((entry) => entry.peakHeapMb))),
      String(median(scans.map((entry) => entry.items))),
    ]);
  }
  clients.destroy();
  printTable(header, rows);
  console.log(
    '\noverhead = (scan − lower bound) / lower bound: what normalising and judging costs on top of reading. Cold: a fresh\nprocess (a CLI run, a Lambda cold start), where the first pass also compiles the check code; warm: its second pass.',
  );
} finally {
  await moto.stop();
}

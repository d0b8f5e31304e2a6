/**
 * Benchmark: what a cold start costs. The stack is synthesized (esbuild bundles each handler the
 * way `cdk deploy` ships it), then for each function: the bundle's size (raw, gzip), and the
 * time Node 24 takes to load it in a fresh process (the module-init part of a Lambda cold start),
 * against the same handler loaded from its TypeScript sources, measured in the same run.
 *
 *   node bench/cold-start.ts [--runs 10]
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { App } from 'aws-cdk-lib';
import { buildApp } from '../infra/app.ts';
import { functionAssets } from '../infra/assets.ts';
import { median } from './lib/stats.ts';
import { printTable } from './lib/table.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '10' } } });
const runs = Number(values.runs);
const HANDLERS: Record<string, string> = {
  'scheduled sweep': 'scheduled-sweep',
  're-check': 'change-recheck',
  'judge callers': 'observed-client-tls',
};

/** Milliseconds from a fresh process's first line to the handler module being loaded (imports only; no AWS call). */
const loadTime = async (url: string): Promise<number> => {
  const script = `const t=performance.now();await import(${JSON.stringify(url)});process.stdout.write(String(performance.now()-t));`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, AWS_REGION: 'us-east-1', NODE_OPTIONS: '' },
  });
  return Number(stdout);
};

const out = await mkdtemp(join(tmpdir(), 'tpm-coldstart-'));
try {
  const app = await buildApp(new App({ outdir: out }));
  const assets = functionAssets(app.synth(), 'TrafficPrivacyMonitor');
  console.log(`Cold start benchmark · Node ${process.versions.node} · median of ${runs} fresh processes per row\n`);
  const rows: string[][] = [];
  for (const asset of assets) {
    const kind = Object.keys(HANDLERS).find((key) => asset.description.includes(key));
    if (!kind) continue;
    const handler = HANDLERS[kind] as string;
    const bundle = join(asset.dir, 'index.mjs');
    const bytes = (await stat(bundle)).size;
    const gzip = gzipSync(await readFile(bundle)).length;
    const source = pathToFileURL(fileURLToPath(new URL(`../functions/handlers/${handler}.ts`, import.meta.url))).href;
    const bundled: number[] = [];
    const unbundled: number[] = [];
    for (let run = 0; run < runs; run++) {
      bundled.push(await loadTime(pathToFileURL(bundle).href));
      unbundled.push(await loadTime(source));
    }
    const [b, s] = [median(bundled), median(unbundled)];
    rows.push([
      handler,
      `${(bytes / 1024 / 1024).toFixed(2)} MB`,
      `${(gzip / 1024).toFixed(0)} KB`,
      `${b.toFixed(0)} ms`,
      `${s.toFixed(0)} ms`,
      `${(s / b).toFixed(1)}×`,
    ]);
  }
  const header = ['handler', 'bundle', 'gzip', 'load (bundle)', 'load (sources)', 'sources / bundle'];
  printTable(header, rows);
  console.log(
    '\nload = import of the handler module in a fresh `node` (dependencies are built on the first invocation, not at import).',
  );
} finally {
  await rm(out, { recursive: true, force: true });
}

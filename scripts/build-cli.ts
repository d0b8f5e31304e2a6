/**
 * Builds the `tpm` CLI as esbuild-bundled ESM chunks (commands stay lazy: one chunk each) in
 * `.build/cli/`, and stamps it with the newest source it was built from. The sources stay the
 * truth: `bin/tpm.js` uses the bundle only while no source is newer than the stamp, and the
 * tests run against the sources (one test runs the bundle).
 *
 *   node scripts/build-cli.ts [--if-stale]
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { CLI_BUNDLE_DIR, newestSourceMtime, readBundleStamp } from '../bin/cli-bundle.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = join(root, CLI_BUNDLE_DIR);

/**
 * Builds into a fresh sibling folder and swaps it in, so chunks of an older build never pile up
 * beside the new ones (their names are content hashes) and a running `tpm` never sees half a build.
 */
export const buildCli = async (): Promise<void> => {
  const newest = newestSourceMtime(root);
  const next = `${outdir}.next-${process.pid}`;
  rmSync(next, { recursive: true, force: true });
  await build({
    entryPoints: [join(root, 'cli/main.ts')],
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    outdir: next,
    logLevel: 'warning',
    // CommonJS dependencies inside an ESM bundle still call require().
    banner: { js: "import { createRequire as __tpmRequire } from 'node:module'; const require = __tpmRequire(import.meta.url);" },
  });
  mkdirSync(next, { recursive: true });
  writeFileSync(join(next, 'stamp.json'), `${JSON.stringify({ newestSourceMtime: newest })}\n`);
  rmSync(outdir, { recursive: true, force: true });
  renameSync(next, outdir);
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const stamp = readBundleStamp(root);
  if (!process.argv.includes('--if-stale') || stamp === undefined || stamp < newestSourceMtime(root)) await buildCli();
}

#!/usr/bin/env node
// The `tpm` command. Node 24 runs the TypeScript sources directly (type stripping), so the CLI
// needs no build step; the set-up also bundles it (.build/cli/, scripts/build-cli.ts), which
// starts several times faster, and that bundle is used while no source is newer than it
// (TPM_FROM_SOURCES=1 forces the sources). On an older Node it says how to get the right one.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  process.stderr.write(
    `tpm: needs Node.js 24 or newer, this is ${process.version}. Run it through the project (npx tpm, after scripts/setup) so it uses the Node 24 from node_modules.\n`,
  );
  process.exit(6);
}
// V8's on-disk code cache (node:module, Node 22+): later starts skip compiling the bundle again.
(await import('node:module')).enableCompileCache?.();
const { fileURLToPath, pathToFileURL } = await import('node:url');
const { currentBundle } = await import('./cli-bundle.js');
const bundle = process.env.TPM_FROM_SOURCES ? undefined : currentBundle(fileURLToPath(new URL('..', import.meta.url)));
const { main } = await import(bundle ? pathToFileURL(bundle).href : '../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));

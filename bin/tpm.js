#!/usr/bin/env node
// The `tpm` command. Node 24 runs the TypeScript sources directly (type stripping), so the CLI
// needs no build step; on an older Node it says how to get the right one instead of crashing.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  process.stderr.write(
    `tpm: needs Node.js 24 or newer, this is ${process.version}. Run it through the project (npx tpm, after scripts/setup) so it uses the Node 24 from node_modules.\n`,
  );
  process.exit(6);
}
const { main } = await import('../functions/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));

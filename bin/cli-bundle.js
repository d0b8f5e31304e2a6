// Where the bundled CLI lives and whether it is current: shared by bin/tpm.js and
// scripts/build-cli.ts. Plain JavaScript (types in cli-bundle.d.ts), because loading even one
// TypeScript file switches on type stripping, which costs the start-up the bundle saves.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const CLI_BUNDLE_DIR = '.build/cli';

/** The newest modification time of any source the CLI is built from (functions/, cli/, lab/, package files). */
export const newestSourceMtime = (root) => {
  let newest = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const dir of ['functions', 'cli', 'lab']) walk(join(root, dir));
  for (const file of ['package.json', 'package-lock.json']) newest = Math.max(newest, statSync(join(root, file)).mtimeMs);
  return newest;
};

/** The stamp of the built bundle, or undefined when there is none. */
export const readBundleStamp = (root) => {
  const stamp = join(root, CLI_BUNDLE_DIR, 'stamp.json');
  if (!existsSync(stamp) || !existsSync(join(root, CLI_BUNDLE_DIR, 'main.js'))) return undefined;
  return JSON.parse(readFileSync(stamp, 'utf8')).newestSourceMtime;
};

/** The bundle's entry when it is at least as new as every source, else undefined (run the sources). */
export const currentBundle = (root) => {
  const stamp = readBundleStamp(root);
  return stamp !== undefined && stamp >= newestSourceMtime(root) ? join(root, CLI_BUNDLE_DIR, 'main.js') : undefined;
};

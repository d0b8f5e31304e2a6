/**
 * Files the lab reads from the checkout (the demo policy, the sample events), found from the
 * project root rather than from this module's own location, so the same code works from the
 * sources and from the bundled CLI in .build/cli/.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const findRoot = (): string => {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'traffic-privacy-monitor'
    )
      return dir;
    if (dirname(dir) === dir) throw new Error('traffic-privacy-monitor: cannot find the project root from the CLI');
  }
};

/** The checkout's root directory. */
export const PROJECT_ROOT = findRoot();

/** A path inside the checkout. */
export const projectPath = (...parts: string[]): string => join(PROJECT_ROOT, ...parts);

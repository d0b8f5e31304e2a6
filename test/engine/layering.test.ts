/**
 * Meta-tests on the tree's shape (issue 15): modules import only from below them, so there is no
 * import cycle anywhere under functions/ (type-only imports included); the engine's folders stack in
 * the order data flows (collect → evaluate → diff with the baseline → what leaves → a run → its
 * triggers → presentation); and the leaf every other module builds on, `engine/types.ts`, imports
 * nothing.
 */
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../functions/', import.meta.url));
const IMPORT = /^(?:import|export)[^'"]*?from '(\.[^']+\.ts)'/gm;

const importGraph = async (): Promise<Map<string, string[]>> => {
  const graph = new Map<string, string[]>();
  for (const file of (await readdir(ROOT, { recursive: true })).filter((name) => name.endsWith('.ts'))) {
    const text = await readFile(join(ROOT, file), 'utf8');
    graph.set(
      normalize(file),
      [...text.matchAll(IMPORT)].map((match) => relative(ROOT, normalize(join(ROOT, dirname(file), match[1] as string)))),
    );
  }
  return graph;
};

/** Every cycle's members, found by depth-first search with an explicit path. */
const cycles = (graph: Map<string, string[]>): string[][] => {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (node: string, path: string[]): void => {
    state.set(node, 'open');
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (state.get(next) === 'open') found.push([...path.slice(path.indexOf(next)), next]);
      else if (!state.has(next)) visit(next, [...path, next]);
    }
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node, [node]);
  return found;
};

/**
 * The engine's units, lowest first. A unit is a folder under engine/ or a top-level file; a module
 * may import its own unit and any unit on a lower line, never one on its own line or above.
 * Foundations (line 0) are small leaves that may use one another; the cycle test keeps them honest.
 */
const LAYERS: readonly (readonly string[])[] = [
  [
    'types.ts',
    'text.ts',
    'tree.ts',
    'tls-versions.ts',
    'tool.ts',
    'concurrency.ts',
    'errors.ts',
    'validators.ts',
    'zod-issues.ts',
    'iam-actions.ts',
    'net',
  ],
  ['catalog.ts', 'model'],
  ['policy', 'tls'],
  ['collectors', 'checks'],
  ['scan'],
  ['baseline'],
  ['alerts', 'metrics', 'securityhub'],
  ['run'],
  ['events', 'fanout'],
  ['output'],
];
const lineOf = (unit: string): number => LAYERS.findIndex((line) => line.includes(unit));
const unitOf = (file: string): string | undefined => {
  const parts = file.split('/');
  return parts[0] === 'engine' ? parts[1] : undefined;
};

/** Imports from one engine unit to another that do not point strictly downwards. */
const upwardImports = (graph: Map<string, string[]>): string[] =>
  [...graph].flatMap(([file, imports]) => {
    const from = unitOf(file);
    if (from === undefined) return [];
    return imports
      .filter((target) => {
        const to = unitOf(target);
        if (to === undefined || to === from) return to === undefined && target.startsWith('..');
        return !(lineOf(to) < lineOf(from) || (lineOf(from) === 0 && lineOf(to) === 0));
      })
      .map((target) => `${file} → ${target}`);
  });

describe('the module graph', () => {
  it('stacks the engine in data-flow order: every import points to a lower line of LAYERS', async () => {
    const graph = await importGraph();
    const units = new Set([...graph.keys()].map(unitOf).filter((unit) => unit !== undefined));
    // Every unit has a line, so a new folder must be placed deliberately.
    expect([...units].filter((unit) => lineOf(unit) < 0)).toEqual([]);
    // The rule catches an arrow running back up, and one between two units on the same line.
    const sample = new Map([
      [join('engine', 'metrics', 'metrics.ts'), [join('engine', 'run', 'run.ts')]],
      [join('engine', 'checks', 'a.ts'), [join('engine', 'collectors', 'b.ts')]],
      [join('engine', 'run', 'run.ts'), [join('engine', 'metrics', 'metrics.ts'), join('engine', 'types.ts')]],
    ]);
    expect(upwardImports(sample)).toEqual([
      `${join('engine', 'metrics', 'metrics.ts')} → ${join('engine', 'run', 'run.ts')}`,
      `${join('engine', 'checks', 'a.ts')} → ${join('engine', 'collectors', 'b.ts')}`,
    ]);
    expect(upwardImports(graph)).toEqual([]);
  });

  it('has no import cycle under functions/', async () => {
    // The detector finds a cycle when there is one.
    expect(
      cycles(
        new Map([
          ['a.ts', ['b.ts']],
          ['b.ts', ['c.ts']],
          ['c.ts', ['a.ts']],
        ]),
      ),
    ).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
    const graph = await importGraph();
    expect(graph.size).toBeGreaterThan(100);
    expect(cycles(graph).map((cycle) => cycle.join(' → '))).toEqual([]);
  });

  it('keeps engine/types.ts a leaf, and the Check contract beside the checks', async () => {
    const graph = await importGraph();
    expect(graph.get(join('engine', 'types.ts'))).toEqual([]);
    expect(graph.get(join('engine', 'checks', 'check.ts'))).toContain(join('engine', 'types.ts'));
  });

  it('never imports the CLI or the lab from functions/: what is deployed stands alone', async () => {
    const graph = await importGraph();
    const outside = [...graph].flatMap(([file, imports]) =>
      imports.filter((target) => /^\.\.\/(cli|lab)\//.test(target)).map((target) => `${file} → ${target}`),
    );
    expect(outside).toEqual([]);
  });
});

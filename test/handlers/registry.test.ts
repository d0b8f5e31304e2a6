/**
 * Meta-test over the handlers: each name the CDK stack and `tpm invoke` use is a file in
 * functions/handlers/ that exports the Lambda `handler`, and no handler file is left unnamed.
 */
import { readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { ORG_TASK_NAMES } from '../../functions/handlers/org-runtime.ts';
import { HANDLER_NAMES } from '../../functions/handlers/runtime.ts';

const HANDLERS_DIR = new URL('../../functions/handlers/', import.meta.url);
const SHARED = ['index.ts', 'runtime.ts', 'org-runtime.ts', 'schemas.ts'];

describe('the handler files', () => {
  it('are exactly the named handlers and org tasks, each exporting handler', async () => {
    const files = (await readdir(HANDLERS_DIR)).filter((file) => file.endsWith('.ts') && !SHARED.includes(file));
    const names = [...HANDLER_NAMES, ...ORG_TASK_NAMES];
    expect(files.map((file) => file.replace(/\.ts$/, '')).sort()).toEqual([...names].sort());
    for (const name of names) {
      const module = (await import(new URL(`${name}.ts`, HANDLERS_DIR).href)) as { handler?: unknown };
      expect(typeof module.handler, name).toBe('function');
    }
  });
});

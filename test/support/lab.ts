/** One local lab (moto, CA, TLS stand-ins) per test file; moto and the lab's AWS state are reset between tests. */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { type Lab, type LabOptions, startLab } from '../../functions/cli/local/lab.ts';

export const useLab = (options: LabOptions = {}): { readonly lab: Lab } => {
  const handle = {} as { lab: Lab };
  beforeAll(async () => {
    handle.lab = await startLab(options);
  });
  beforeEach(async () => {
    await handle.lab.reset();
  });
  afterAll(async () => {
    await handle.lab?.dispose();
  });
  return handle;
};

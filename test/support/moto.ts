/** One moto server per test file (≈0.5 s to start), reset between tests for isolation. */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { type MotoServer, startMoto } from '../../functions/cli/local/moto.ts';

export const useMoto = (): { readonly server: MotoServer } => {
  const handle = {} as { server: MotoServer };
  beforeAll(async () => {
    handle.server = await startMoto();
  });
  beforeEach(async () => {
    await handle.server.reset();
  });
  afterAll(async () => {
    await handle.server?.stop();
  });
  return handle;
};

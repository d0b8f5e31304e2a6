/**
 * One moto server per test file (≈0.5 s to start), reset between tests for isolation.
 * `serialized` answers one request at a time, as DynamoDB serializes transactions: for tests of
 * concurrency claims.
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { type MotoServer, startMoto } from '../../lab/moto.ts';

export const useMoto = (options: { readonly serialized?: boolean } = {}): { readonly server: MotoServer } => {
  const handle = {} as { server: MotoServer };
  beforeAll(async () => {
    handle.server = await startMoto(options);
  });
  beforeEach(async () => {
    await handle.server.reset();
  });
  afterAll(async () => {
    await handle.server?.stop();
  });
  return handle;
};

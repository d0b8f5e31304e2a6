/** Both baseline backends pass the same contract: SQLite on a temporary file, DynamoDB on moto. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { SqliteBaselineStore } from '../../../functions/engine/baseline/sqlite-store.ts';
import { AwsClients } from '../../../functions/engine/collectors/aws-clients.ts';
import { openDynamoBaseline } from '../../support/baseline.ts';
import { describeBaselineStoreContract } from '../../support/baseline-contract.ts';
import { useMoto } from '../../support/moto.ts';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tpm-baseline-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
let files = 0;
describeBaselineStoreContract(
  'SqliteBaselineStore',
  async () => new SqliteBaselineStore(join(dir, `baseline-${files++}.sqlite`)),
);

// Serialized, as DynamoDB is: stock moto lets two conditional transactions both win.
const moto = useMoto({ serialized: true });
let clients: AwsClients | undefined;
afterAll(() => clients?.destroy());
describeBaselineStoreContract('DynamoDbBaselineStore', async () => {
  clients ??= new AwsClients(moto.server.clientOptions);
  return openDynamoBaseline(clients);
});

/** Both baseline backends pass the same contract: SQLite on a temporary file, DynamoDB on moto. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll } from 'vitest';
import { BASELINE_TABLE_SCHEMA, DynamoDbBaselineStore } from '../../../functions/engine/baseline/dynamodb-store.ts';
import { SqliteBaselineStore } from '../../../functions/engine/baseline/sqlite-store.ts';
import { AwsClients } from '../../../functions/engine/collectors/aws-clients.ts';
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

const moto = useMoto();
let clients: AwsClients | undefined;
afterAll(() => clients?.destroy());
describeBaselineStoreContract('DynamoDbBaselineStore', async () => {
  clients ??= new AwsClients(moto.server.clientOptions);
  const dynamodb = clients.client(DynamoDBClient, 'us-east-1');
  // The table as infra/ creates it (the same schema constant), on demand.
  await dynamodb.send(new DeleteTableCommand({ TableName: 'tpm-baseline' })).catch(() => undefined);
  await dynamodb.send(
    new CreateTableCommand({ TableName: 'tpm-baseline', ...BASELINE_TABLE_SCHEMA, BillingMode: 'PAY_PER_REQUEST' }),
  );
  return new DynamoDbBaselineStore(dynamodb, 'tpm-baseline');
});

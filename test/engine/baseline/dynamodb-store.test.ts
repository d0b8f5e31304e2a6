/**
 * What the moto contract run cannot show: a partition spread over several Query pages (a page
 * holds 1 MB, thousands of records) and the exact requests the store sends. Shapes follow the
 * DynamoDB API Reference (Query, TransactWriteItems) as @aws-sdk/client-dynamodb types them.
 */
import { DynamoDBClient, QueryCommand, TransactionCanceledException, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbBaselineStore } from '../../../functions/engine/baseline/dynamodb-store.ts';
import { baselineRecord } from '../../support/baseline.ts';

const dynamodb = mockClient(DynamoDBClient);
afterAll(() => dynamodb.restore());
beforeEach(() => dynamodb.reset());
const partition = { account: '111122223333', region: 'us-east-1' };
const item = (resourceId: string) => ({
  pk: { S: '111122223333/us-east-1' },
  sk: { S: `R#x/${resourceId}` },
  data: { S: JSON.stringify(baselineRecord(resourceId)) },
});
const store = () => new DynamoDbBaselineStore(new DynamoDBClient({ region: 'us-east-1' }), 'tpm-baseline');

describe('DynamoDbBaselineStore', () => {
  it('follows LastEvaluatedKey through every page with strongly consistent reads', async () => {
    dynamodb
      .on(QueryCommand)
      .resolvesOnce({
        Items: [
          { pk: { S: '111122223333/us-east-1' }, sk: { S: '#partition' }, version: { N: '7' }, sweptAt: { S: 't' } },
          item('a'),
        ],
        LastEvaluatedKey: { pk: { S: '111122223333/us-east-1' }, sk: { S: 'R#x/a' } },
      })
      .resolvesOnce({ Items: [item('b')] });
    const snapshot = await store().load(partition);
    expect(snapshot.version).toBe(7);
    expect(snapshot.sweptAt).toBe('t');
    expect(snapshot.records.map((record) => record.resourceId)).toEqual(['a', 'b']);
    const inputs = dynamodb.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(inputs.map((input) => [input.ConsistentRead, input.ExclusiveStartKey?.sk?.S])).toEqual([
      [true, undefined],
      [true, 'R#x/a'],
    ]);
  });

  it('guards every transaction with the partition version, bumping it once per transaction', async () => {
    dynamodb.on(TransactWriteItemsCommand).resolves({});
    const records = Array.from({ length: 150 }, (_, index) => baselineRecord(`r${index}`));
    expect(await store().commit(partition, 3, { put: records, remove: [], sweptAt: 'now' })).toBe(true);
    const transactions = dynamodb.commandCalls(TransactWriteItemsCommand).map((call) => call.args[0].input.TransactItems ?? []);
    expect(transactions.map((items) => items.length)).toEqual([100, 52]);
    expect(transactions.map((items) => items[0]?.Update?.ExpressionAttributeValues)).toEqual([
      { ':next': { N: '4' }, ':expected': { N: '3' } },
      { ':next': { N: '5' }, ':expected': { N: '4' }, ':swept': { S: 'now' } },
    ]);
  });

  it('reports a cancelled transaction whose condition failed as a conflict, and rethrows anything else', async () => {
    dynamodb.on(TransactWriteItemsCommand).rejectsOnce(
      new TransactionCanceledException({
        $metadata: {},
        message: 'cancelled',
        CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }],
      }),
    );
    expect(await store().commit(partition, 1, { put: [baselineRecord('a')], remove: [] })).toBe(false);
    dynamodb.reset();
    dynamodb.on(TransactWriteItemsCommand).rejects(new Error('ProvisionedThroughputExceeded'));
    await expect(store().commit(partition, 1, { put: [baselineRecord('a')], remove: [] })).rejects.toThrow(
      'ProvisionedThroughputExceeded',
    );
  });
});

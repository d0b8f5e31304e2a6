/**
 * The Lambda deployment's baseline: one DynamoDB table, partition key `pk` = account/region,
 * sort key `sk` = `R#<check>/<resource>` for records and `#partition` for the partition's version.
 *
 * A commit is a `TransactWriteItems` whose first item updates `#partition` on the condition that
 * its version is still the one read; the record writes ride in the same transaction. More than 99
 * records commit in consecutive transactions, each bumping the version again.
 */
import {
  type AttributeValue,
  ConditionalCheckFailedException,
  type CreateTableCommandInput,
  type DynamoDBClient,
  GetItemCommand,
  QueryCommand,
  TransactionCanceledException,
  type TransactWriteItem,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { chunk } from '../concurrency.ts';
import {
  type BaselineKey,
  type BaselineRecord,
  type BaselineStore,
  type EgressRecord,
  keyId,
  type Partition,
  type PartitionChange,
  type PartitionSnapshot,
  partitionId,
} from './types.ts';

/** The table's keys, as infrastructure creates it and the lab mirrors it. */
export const BASELINE_TABLE_SCHEMA: Pick<CreateTableCommandInput, 'AttributeDefinitions' | 'KeySchema'> = {
  AttributeDefinitions: [
    { AttributeName: 'pk', AttributeType: 'S' },
    { AttributeName: 'sk', AttributeType: 'S' },
  ],
  KeySchema: [
    { AttributeName: 'pk', KeyType: 'HASH' },
    { AttributeName: 'sk', KeyType: 'RANGE' },
  ],
};

const PARTITION_ITEM = '#partition';
const recordSortKey = (key: BaselineKey): string => `R#${keyId(key)}`;
/** 100 items per transaction, one of them the partition item. */
const RECORDS_PER_TRANSACTION = 99;

export class DynamoDbBaselineStore implements BaselineStore {
  readonly name: string;
  readonly #client: DynamoDBClient;
  readonly #table: string;

  constructor(client: DynamoDBClient, table: string) {
    this.#client = client;
    this.#table = table;
    this.name = `DynamoDB table ${table}`;
  }

  async load(partition: Partition): Promise<PartitionSnapshot> {
    const pk = partitionId(partition);
    const records: BaselineRecord[] = [];
    let version = 0;
    let sweptAt: string | undefined;
    let ExclusiveStartKey: Record<string, AttributeValue> | undefined;
    do {
      // Strongly consistent: the version read must be the one a commit will be checked against.
      const page = await this.#client.send(
        new QueryCommand({
          TableName: this.#table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': { S: pk } },
          ConsistentRead: true,
          ExclusiveStartKey,
        }),
      );
      for (const item of page.Items ?? []) {
        if (item.sk?.S === PARTITION_ITEM) {
          version = Number(item.version?.N ?? 0);
          sweptAt = item.sweptAt?.S;
        } else if (item.data?.S) {
          records.push(JSON.parse(item.data.S) as BaselineRecord);
        }
      }
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return { partition, version, sweptAt, records };
  }

  async commit(partition: Partition, expectedVersion: number, change: PartitionChange): Promise<boolean> {
    const pk = partitionId(partition);
    const writes: TransactWriteItem[] = [
      ...change.put.map(
        (record): TransactWriteItem => ({
          Put: {
            TableName: this.#table,
            Item: { pk: { S: pk }, sk: { S: recordSortKey(record) }, data: { S: JSON.stringify(record) } },
          },
        }),
      ),
      ...change.remove.map(
        (key): TransactWriteItem => ({
          Delete: { TableName: this.#table, Key: { pk: { S: pk }, sk: { S: recordSortKey(key) } } },
        }),
      ),
    ];
    const batches = writes.length ? chunk(writes, RECORDS_PER_TRANSACTION) : [[]];
    let version = expectedVersion;
    for (const [index, batch] of batches.entries()) {
      const last = index === batches.length - 1;
      const setSweptAt = last && change.sweptAt !== undefined;
      const setEgress = last && change.egress !== undefined;
      const partitionUpdate: TransactWriteItem = {
        Update: {
          TableName: this.#table,
          Key: { pk: { S: pk }, sk: { S: PARTITION_ITEM } },
          UpdateExpression: `SET version = :next${setSweptAt ? ', sweptAt = :swept' : ''}${setEgress ? ', egress = :egress' : ''}`,
          ConditionExpression: version === 0 ? 'attribute_not_exists(version)' : 'version = :expected',
          ExpressionAttributeValues: {
            ':next': { N: String(version + 1) },
            ...(version === 0 ? {} : { ':expected': { N: String(version) } }),
            ...(setSweptAt ? { ':swept': { S: change.sweptAt as string } } : {}),
            ...(setEgress ? { ':egress': { S: JSON.stringify(change.egress) } } : {}),
          },
        },
      };
      try {
        await this.#client.send(new TransactWriteItemsCommand({ TransactItems: [partitionUpdate, ...batch] }));
      } catch (error) {
        if (isVersionConflict(error)) return false;
        throw error;
      }
      version++;
    }
    return true;
  }

  async loadEgress(partition: Partition): Promise<EgressRecord | undefined> {
    const { Item } = await this.#client.send(
      new GetItemCommand({
        TableName: this.#table,
        Key: { pk: { S: partitionId(partition) }, sk: { S: PARTITION_ITEM } },
        ProjectionExpression: 'egress',
      }),
    );
    return Item?.egress?.S ? (JSON.parse(Item.egress.S) as EgressRecord) : undefined;
  }

  async close(): Promise<void> {}
}

/** Another writer committed first, or is committing right now: reload and recompute. */
const isVersionConflict = (error: unknown): boolean => {
  if (error instanceof ConditionalCheckFailedException) return true;
  if (!(error instanceof TransactionCanceledException)) return false;
  return (error.CancellationReasons ?? []).some(
    (reason) => reason.Code === 'ConditionalCheckFailed' || reason.Code === 'TransactionConflict',
  );
};

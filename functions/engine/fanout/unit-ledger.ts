/**
 * What each unit of an org sweep reported, kept where the aggregator can read it: one item per
 * (run, account, region) in the baseline table, under its own partition key, expiring after a
 * week. A unit that never reports (its function failed after Step Functions' retries, or timed
 * out) has no item, and the aggregator counts it as failed; nothing passes by default.
 */
import { type DynamoDBClient, PutItemCommand, paginateQuery } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { z } from 'zod';
import { unitId } from './plan.ts';

export const UNIT_STATUSES = ['scanned', 'partial', 'blind'] as const;

export const UnitOutcomeSchema = z.object({
  account: z.string(),
  region: z.string(),
  /** scanned: every collection read; partial: some failed (ERROR findings); blind: no access at all. */
  status: z.enum(UNIT_STATUSES),
  detail: z.string(),
  findings: z.number().int(),
  failing: z.number().int(),
  /** Reportable transitions (not the silent STILL_FAILING ones). */
  transitions: z.number().int(),
  apiCalls: z.number().int(),
  /** Partitions ("account/region", "account/global") this unit left with alerts to deliver. */
  pendingPartitions: z.array(z.string()).default([]),
  /** With the Security Hub export on: what the unit imported into its account's hub, and what stays queued. */
  securityHub: z.object({ imported: z.number().int(), failed: z.number().int() }).optional(),
  durationMs: z.number().int(),
});
export type UnitOutcome = z.infer<typeof UnitOutcomeSchema>;

export interface UnitLedger {
  record(runId: string, outcome: UnitOutcome): Promise<void>;
  outcomes(runId: string): Promise<UnitOutcome[]>;
}

const RUN_PREFIX = 'RUN#';
const RETENTION_SECONDS = 7 * 24 * 3600;
/** The baseline table's TTL attribute: only these run items carry it. */
export const UNIT_LEDGER_TTL_ATTRIBUTE = 'expiresAt';

export class DynamoDbUnitLedger implements UnitLedger {
  readonly #client: DynamoDBClient;
  readonly #table: string;

  constructor(client: DynamoDBClient, table: string) {
    this.#client = client;
    this.#table = table;
  }

  async record(runId: string, outcome: UnitOutcome): Promise<void> {
    await this.#client.send(
      new PutItemCommand({
        TableName: this.#table,
        Item: marshall({
          pk: `${RUN_PREFIX}${runId}`,
          sk: unitId(outcome),
          ...outcome,
          [UNIT_LEDGER_TTL_ATTRIBUTE]: Math.floor(Date.now() / 1000) + RETENTION_SECONDS,
        }),
      }),
    );
  }

  async outcomes(runId: string): Promise<UnitOutcome[]> {
    const outcomes: UnitOutcome[] = [];
    const pages = paginateQuery(
      { client: this.#client },
      {
        TableName: this.#table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: `${RUN_PREFIX}${runId}` } },
        ConsistentRead: true,
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) {
        // An item this version cannot read is not believed: that unit counts as not reported.
        const parsed = UnitOutcomeSchema.safeParse(unmarshall(item));
        if (parsed.success) outcomes.push(parsed.data);
      }
    }
    return outcomes;
  }
}

/** For tests and the CLI: the same contract in memory. */
export class MemoryUnitLedger implements UnitLedger {
  readonly #runs = new Map<string, Map<string, UnitOutcome>>();

  async record(runId: string, outcome: UnitOutcome): Promise<void> {
    const run = this.#runs.get(runId) ?? new Map<string, UnitOutcome>();
    run.set(unitId(outcome), outcome);
    this.#runs.set(runId, run);
  }

  async outcomes(runId: string): Promise<UnitOutcome[]> {
    return [...(this.#runs.get(runId)?.values() ?? [])];
  }
}

/**
 * Read-modify-write on a baseline partition with optimistic concurrency: load, compute a change
 * with a pure function, commit if nobody wrote in between, otherwise reload and recompute. Every
 * mutation (recording a run, claiming alerts, settling them) goes through here, so none can undo
 * another.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { TpmError } from '../errors.ts';
import { type PartitionObservation, type PartitionPlan, planPartition, type TransitionOptions } from './transitions.ts';
import {
  type AlertSubject,
  alertClassOf,
  type BaselineKey,
  type BaselineRecord,
  type BaselineStore,
  keyId,
  type Partition,
  type PartitionChange,
  type PartitionSnapshot,
  type PendingAlert,
  partitionId,
} from './types.ts';

/** The partition kept changing under us; the run should fail and be retried as a whole. */
export class BaselineConflictError extends TpmError {
  override readonly name = 'BaselineConflictError';
}

const MAX_ATTEMPTS = 8;

export const mutatePartition = async <T>(
  store: BaselineStore,
  partition: Partition,
  mutate: (snapshot: PartitionSnapshot) => { change: PartitionChange | undefined; result: T },
): Promise<T> => {
  for (let attempt = 1; ; attempt++) {
    const snapshot = await store.load(partition);
    const { change, result } = mutate(snapshot);
    if (!change) return result;
    if (await store.commit(partition, snapshot.version, change)) return result;
    if (attempt >= MAX_ATTEMPTS) {
      throw new BaselineConflictError(
        `baseline partition ${partitionId(partition)} in ${store.name} changed under ${MAX_ATTEMPTS} consecutive attempts; the next run will catch up`,
      );
    }
    await sleep(Math.random() * 20 * attempt);
  }
};

/** True when, after `change`, some record of the partition still holds an alert to deliver. */
const pendingAfter = (snapshot: PartitionSnapshot, change: PartitionChange | undefined): boolean => {
  if (!change) return snapshot.records.some((record) => record.pending);
  const removed = new Set(change.remove.map(keyId));
  const replaced = new Set(change.put.map(keyId));
  return (
    change.put.some((record) => record.pending) ||
    snapshot.records.some((record) => record.pending && !removed.has(keyId(record)) && !replaced.has(keyId(record)))
  );
};

/**
 * Records one run's observations of a partition and returns what changed, and whether the
 * partition now holds alerts to deliver (this run's, or an earlier run's that failed to send):
 * a partition without any is not read again to claim alerts it does not have.
 */
export const recordRun = (
  store: BaselineStore,
  partition: Partition,
  run: PartitionObservation,
  options: TransitionOptions,
  subjects: ReadonlyMap<string, AlertSubject>,
): Promise<PartitionPlan & { readonly hasPendingAlerts: boolean }> =>
  mutatePartition(store, partition, (snapshot) => {
    const plan = planPartition(snapshot, run, options, subjects);
    return { change: plan.change, result: { ...plan, hasPendingAlerts: pendingAfter(snapshot, plan.change) } };
  });

export interface ClaimedAlert {
  readonly key: BaselineKey;
  readonly alert: PendingAlert;
}

/**
 * Takes every pending alert of a partition that no other run is publishing (or whose claim
 * lapsed), so two runs never send the same alert.
 */
export const claimAlerts = (
  store: BaselineStore,
  partition: Partition,
  runId: string,
  now: Date,
  leaseMs: number,
): Promise<ClaimedAlert[]> =>
  mutatePartition(store, partition, (snapshot) => {
    const claimable = snapshot.records.filter(
      (record) => record.pending && (!record.pending.claim || Date.parse(record.pending.claim.until) <= now.getTime()),
    );
    const until = new Date(now.getTime() + leaseMs).toISOString();
    const put = claimable.map(
      (record): BaselineRecord => ({ ...record, pending: { ...(record.pending as PendingAlert), claim: { runId, until } } }),
    );
    return {
      change: put.length ? { put, remove: [] } : undefined,
      result: put.map((record) => ({ key: record, alert: record.pending as PendingAlert })),
    };
  });

/**
 * After a publish: delivered alerts leave the outbox and the record remembers what people were
 * told; undelivered ones are released for the next run to retry.
 */
export const settleAlerts = (
  store: BaselineStore,
  partition: Partition,
  runId: string,
  outcome: { readonly delivered: ReadonlySet<string>; readonly failed: ReadonlySet<string> },
): Promise<number> =>
  mutatePartition(store, partition, (snapshot) => {
    const put: BaselineRecord[] = [];
    const remove: BaselineKey[] = [];
    for (const record of snapshot.records) {
      const pending = record.pending;
      if (!pending || pending.claim?.runId !== runId) continue;
      if (outcome.delivered.has(pending.id)) {
        if (record.status === 'GONE') {
          remove.push(record);
          continue;
        }
        put.push({
          ...record,
          pending: undefined,
          alerted: alertClassOf(pending.kind) === 'failure' ? 'failing' : 'clear',
          lastReminderAt: pending.reminder ? pending.at : record.lastReminderAt,
        });
      } else if (outcome.failed.has(pending.id)) {
        put.push({ ...record, pending: { ...pending, claim: undefined } });
      }
    }
    return { change: put.length || remove.length ? { put, remove } : undefined, result: put.length + remove.length };
  });

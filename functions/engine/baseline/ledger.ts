/**
 * Read-modify-write on a baseline partition with optimistic concurrency: load, compute a change
 * with a pure function, commit if nobody wrote in between, otherwise reload and recompute. Every
 * mutation (recording a run, claiming alerts, settling them) goes through here, so none can undo
 * another.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { BaselineConflictError } from '../errors.ts';
import { type PartitionObservation, type PartitionPlan, planPartition, type TransitionOptions } from './transitions.ts';
import {
  type AlertSubject,
  alertClassOf,
  alertWaiting,
  type BaselineKey,
  type BaselineRecord,
  type BaselineStore,
  exportWaiting,
  isForgettable,
  keyId,
  type Partition,
  type PartitionChange,
  type PartitionSnapshot,
  type PendingAlert,
  partitionId,
} from './types.ts';

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

/** True when, after `change`, some record of the partition is still `waiting` (an alert, an export). */
const pendingAfter = (
  snapshot: PartitionSnapshot,
  change: PartitionChange | undefined,
  waiting: (record: BaselineRecord) => boolean,
): boolean => {
  if (!change) return snapshot.records.some(waiting);
  const removed = new Set(change.remove.map(keyId));
  const replaced = new Set(change.put.map(keyId));
  return (
    change.put.some(waiting) ||
    snapshot.records.some((record) => waiting(record) && !removed.has(keyId(record)) && !replaced.has(keyId(record)))
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
): Promise<PartitionPlan & { readonly hasPendingAlerts: boolean; readonly hasPendingExports: boolean }> =>
  mutatePartition(store, partition, (snapshot) => {
    const plan = planPartition(snapshot, run, options, subjects);
    return {
      change: plan.change,
      result: {
        ...plan,
        hasPendingAlerts: pendingAfter(snapshot, plan.change, alertWaiting),
        hasPendingExports: pendingAfter(snapshot, plan.change, exportWaiting),
      },
    };
  });

export interface ClaimedAlert {
  readonly key: BaselineKey;
  readonly alert: PendingAlert;
}

/**
 * Takes the newest word of every key that no other run is publishing to: its pending alert moves
 * in flight under this run's claim. A key whose alert another run holds in flight is left alone
 * until that claim settles or lapses, so two runs never deliver one key's alerts out of order.
 * A lapsed claim (its run died) is taken over: by the newer pending alert if there is one,
 * otherwise by the same alert again (at least once; see the README).
 */
export const claimAlerts = (
  store: BaselineStore,
  partition: Partition,
  runId: string,
  now: Date,
  leaseMs: number,
): Promise<{ alerts: ClaimedAlert[]; held: HeldAlerts }> =>
  mutatePartition(store, partition, (snapshot) => {
    const until = new Date(now.getTime() + leaseMs).toISOString();
    const put: BaselineRecord[] = [];
    let held: HeldAlerts = NONE_HELD;
    for (const record of snapshot.records) {
      const claim = record.inFlight?.claim;
      if (claim && Date.parse(claim.until) > now.getTime()) {
        if (claim.runId !== runId) held = mergeHeld(held, { count: 1, until: claim.until });
        continue;
      }
      const next = record.pending ?? record.inFlight;
      if (!next) continue;
      put.push({ ...record, pending: undefined, inFlight: { ...next, claim: { runId, until } } });
    }
    return {
      change: put.length ? { put, remove: [] } : undefined,
      result: { alerts: put.map((record) => ({ key: record, alert: record.inFlight as PendingAlert })), held },
    };
  });

/** Alerts another live run has claimed: not sent by this run, but said, so a quiet run is not a mystery. */
export interface HeldAlerts {
  readonly count: number;
  /** The latest claim's lease end: after it, a run takes the alerts over. */
  readonly until: string | undefined;
}

export const NONE_HELD: HeldAlerts = { count: 0, until: undefined };

/** Both counts, and the later lease end (ISO timestamps compare as text). */
export const mergeHeld = (a: HeldAlerts, b: HeldAlerts): HeldAlerts => ({
  count: a.count + b.count,
  until: a.until === undefined || (b.until !== undefined && b.until > a.until) ? b.until : a.until,
});

/**
 * After a publish: a delivered alert is what subscribers now believe (`alerted`); an undelivered
 * one goes back to pending for the next run, unless a newer word was queued meanwhile, which
 * supersedes it. A newer recovery queued on the assumption that this failure would land is
 * dropped when it did not: subscribers were never told it was failing.
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
      const sent = record.inFlight;
      if (!sent || sent.claim?.runId !== runId) continue;
      if (outcome.delivered.has(sent.id)) {
        const settled: BaselineRecord = {
          ...record,
          inFlight: undefined,
          alerted: alertClassOf(sent.kind) === 'failure' ? 'failing' : 'clear',
          lastReminderAt: sent.reminder ? sent.at : record.lastReminderAt,
        };
        if (isForgettable(settled)) remove.push(record);
        else put.push(settled);
      } else if (outcome.failed.has(sent.id)) {
        const newer = record.pending;
        const pending = newer
          ? alertClassOf(newer.kind) === 'recovery' && record.alerted === 'clear'
            ? undefined
            : newer
          : { ...sent, claim: undefined };
        const returned: BaselineRecord = { ...record, inFlight: undefined, pending };
        if (isForgettable(returned)) remove.push(record);
        else put.push(returned);
      }
    }
    return { change: put.length || remove.length ? { put, remove } : undefined, result: put.length + remove.length };
  });

/** The records of a partition whose latest transition Security Hub has not imported yet. */
export const pendingExportsOf = (snapshot: PartitionSnapshot): BaselineRecord[] => snapshot.records.filter(exportWaiting);

/**
 * After an import: each key imported at the transition it was built from is settled (imported,
 * nothing pending; a GONE key with no alert left is forgotten). A key whose transition moved on
 * meanwhile stays pending, so the newer state is imported by the next run; a failed key stays
 * pending as it was. Returns how many records changed.
 */
export const settleExports = (
  store: BaselineStore,
  partition: Partition,
  imported: ReadonlyMap<string, string>,
): Promise<number> =>
  mutatePartition(store, partition, (snapshot) => {
    const put: BaselineRecord[] = [];
    const remove: BaselineKey[] = [];
    for (const record of snapshot.records) {
      const since = imported.get(keyId(record));
      if (since === undefined || record.securityHub?.pendingSince !== since) continue;
      const settled: BaselineRecord = { ...record, securityHub: { imported: true } };
      if (isForgettable(settled)) remove.push(record);
      else put.push(settled);
    }
    return { change: put.length || remove.length ? { put, remove } : undefined, result: put.length + remove.length };
  });

/**
 * The alert model under overlapping runs. Each run is four steps — record what it observed,
 * claim alerts, publish them, settle — and several runs' steps interleave arbitrarily while the
 * estate flips between PASS and FAIL. Invariant (README, "Changes, alerts and metrics"): once
 * every run has settled and a quiet run has looked again, the subscriber's last word for each
 * key equals the stored state — "failing" for a FAIL, "clear" (or never told) otherwise — and no
 * alert is delivered twice. Property-based over generated interleavings (fast-check), on both
 * stores, plus the two orders issue 17 found wrong, pinned as examples.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClaimedAlert, claimAlerts, recordRun, settleAlerts } from '../../../functions/engine/baseline/ledger.ts';
import { SqliteBaselineStore } from '../../../functions/engine/baseline/sqlite-store.ts';
import { DEFAULT_TRANSITION_OPTIONS, type PartitionObservation } from '../../../functions/engine/baseline/transitions.ts';
import { alertClassOf, type BaselineStore, keyId, type Partition } from '../../../functions/engine/baseline/types.ts';
import { AwsClients } from '../../../functions/engine/collectors/aws-clients.ts';
import { at, observation, openDynamoBaseline, SUBJECT } from '../../support/baseline.ts';
import { ACCOUNT, REGION } from '../../support/builders.ts';
import { useMoto } from '../../support/moto.ts';

const PARTITION: Partition = { account: ACCOUNT, region: REGION };
const KEYS = ['vpce-1', 'vpce-2'] as const;
const RUNS = ['A', 'B', 'C'] as const;
type Status = 'PASS' | 'FAIL';
const LEASE_MS = 24 * 3_600_000; // longer than any interleaving: no claim lapses mid-test

type Step =
  | { readonly kind: 'flip'; readonly key: number }
  | { readonly kind: 'record' | 'claim' | 'settle'; readonly run: number }
  | { readonly kind: 'publish'; readonly run: number; readonly delivered: boolean };

interface RunState {
  stage: 'idle' | 'recorded' | 'claimed' | 'published';
  id: string;
  claimed: ClaimedAlert[];
  delivered: Set<string>;
  failed: Set<string>;
}

/** A subscriber: every message it received, in order. */
interface Inbox {
  readonly messages: { readonly key: string; readonly id: string; readonly word: 'failing' | 'clear' }[];
}

const observe = (truth: readonly Status[], minute: number): PartitionObservation => ({
  observedAt: at(minute),
  observations: new Map(
    KEYS.map((resourceId, index) => {
      const seen = observation(resourceId, { status: truth[index] as Status, observedAt: at(minute) });
      return [keyId(seen.key), seen];
    }),
  ),
  covers: () => true,
  completeSweep: true,
});

const subjects = new Map([['vpc_endpoint_policy_wildcard_principal_bounded', SUBJECT]]);

/** Plays the steps against a store, then lets every run finish and one quiet run look again. */
const play = async (store: BaselineStore, steps: readonly Step[]) => {
  const truth: Status[] = KEYS.map(() => 'PASS');
  const inbox: Inbox = { messages: [] };
  const idle = (): RunState => ({ stage: 'idle', id: '', claimed: [], delivered: new Set(), failed: new Set() });
  const runs: RunState[] = RUNS.map(idle);
  let minute = 0;
  let serial = 0;
  const perform = async (step: Step) => {
    if (step.kind === 'flip') {
      truth[step.key] = truth[step.key] === 'PASS' ? 'FAIL' : 'PASS';
      return;
    }
    const run = runs[step.run] as RunState;
    if (step.kind === 'record' && run.stage === 'idle') {
      run.id = `${RUNS[step.run]}-${++serial}`;
      await recordRun(store, PARTITION, observe(truth, ++minute), DEFAULT_TRANSITION_OPTIONS, subjects);
      run.stage = 'recorded';
    } else if (step.kind === 'claim' && run.stage === 'recorded') {
      run.claimed = (await claimAlerts(store, PARTITION, run.id, new Date(at(++minute)), LEASE_MS)).alerts;
      run.stage = 'claimed';
    } else if (step.kind === 'publish' && run.stage === 'claimed') {
      for (const { key, alert } of run.claimed) {
        if (step.delivered) {
          inbox.messages.push({
            key: key.resourceId,
            id: alert.id,
            word: alertClassOf(alert.kind) === 'failure' ? 'failing' : 'clear',
          });
          run.delivered.add(alert.id);
        } else run.failed.add(alert.id);
      }
      run.stage = 'published';
    } else if (step.kind === 'settle' && run.stage === 'published') {
      await settleAlerts(store, PARTITION, run.id, { delivered: run.delivered, failed: run.failed });
      runs[step.run] = idle();
    }
  };
  for (const step of steps) await perform(step);
  // Every run in progress finishes (publishing successfully), in run order.
  for (const [index, run] of runs.entries()) {
    if (run.stage === 'idle') continue;
    if (run.stage === 'recorded') await perform({ kind: 'claim', run: index });
    if ((runs[index] as RunState).stage === 'claimed') await perform({ kind: 'publish', run: index, delivered: true });
    await perform({ kind: 'settle', run: index });
  }
  // Quiet runs look again until nothing is left to deliver.
  for (let round = 0; round < 3; round++) {
    for (const kind of ['record', 'claim'] as const) await perform({ kind, run: 0 });
    await perform({ kind: 'publish', run: 0, delivered: true });
    await perform({ kind: 'settle', run: 0 });
  }
  const stored = await store.load(PARTITION);
  return { truth, inbox, stored };
};

const assertSubscribersRight = (outcome: Awaited<ReturnType<typeof play>>) => {
  const { truth, inbox, stored } = outcome;
  for (const [index, resourceId] of KEYS.entries()) {
    const last = inbox.messages.filter((message) => message.key === resourceId).at(-1)?.word ?? 'clear';
    expect(last, `last word for ${resourceId}: ${JSON.stringify(inbox.messages)}`).toBe(
      truth[index] === 'FAIL' ? 'failing' : 'clear',
    );
  }
  const ids = inbox.messages.map((message) => message.id);
  expect(new Set(ids).size, `an alert was delivered twice: ${JSON.stringify(inbox.messages)}`).toBe(ids.length);
  expect(stored.records.filter((record) => record.pending || record.inFlight)).toEqual([]);
};

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), key: fc.integer({ min: 0, max: KEYS.length - 1 }) }),
  fc.record({
    kind: fc.constantFrom('record' as const, 'claim' as const, 'settle' as const),
    run: fc.integer({ min: 0, max: RUNS.length - 1 }),
  }),
  fc.record({
    kind: fc.constant('publish' as const),
    run: fc.integer({ min: 0, max: RUNS.length - 1 }),
    delivered: fc.boolean(),
  }),
);

/** The two orders issue 17 reported, as steps: each left subscribers believing the wrong state. */
const REPORTED_ORDERS: Record<string, Step[]> = {
  // A claims a RECOVERY; B records a new REGRESSION and publishes first; A's RECOVERY lands last.
  'a recovery in flight overtaken by a regression': [
    { kind: 'flip', key: 0 },
    { kind: 'record', run: 2 },
    { kind: 'claim', run: 2 },
    { kind: 'publish', run: 2, delivered: true },
    { kind: 'settle', run: 2 },
    { kind: 'flip', key: 0 },
    { kind: 'record', run: 0 },
    { kind: 'claim', run: 0 },
    { kind: 'flip', key: 0 },
    { kind: 'record', run: 1 },
    { kind: 'claim', run: 1 },
    { kind: 'publish', run: 1, delivered: true },
    { kind: 'settle', run: 1 },
    { kind: 'publish', run: 0, delivered: true },
    { kind: 'settle', run: 0 },
  ],
  // A claims a REGRESSION; B sees the fix while it is in flight; A's REGRESSION lands.
  'a fix seen while its regression is in flight': [
    { kind: 'flip', key: 0 },
    { kind: 'record', run: 0 },
    { kind: 'claim', run: 0 },
    { kind: 'flip', key: 0 },
    { kind: 'record', run: 1 },
    { kind: 'claim', run: 1 },
    { kind: 'publish', run: 1, delivered: true },
    { kind: 'settle', run: 1 },
    { kind: 'publish', run: 0, delivered: true },
    { kind: 'settle', run: 0 },
  ],
};

const describeInterleavings = (name: string, open: () => Promise<BaselineStore>, numRuns: number) => {
  /** Plays the steps on a fresh store and checks what subscribers were left believing. */
  const check = async (steps: readonly Step[]) => {
    const store = await open();
    try {
      assertSubscribersRight(await play(store, steps));
    } finally {
      await store.close();
    }
  };
  describe(`alert interleavings on ${name}`, () => {
    for (const [order, steps] of Object.entries(REPORTED_ORDERS)) {
      it(`keeps the last word right: ${order}`, () => check(steps));
    }

    it('keeps the last word right and never repeats an alert, over generated interleavings of three runs', async () => {
      await fc.assert(fc.asyncProperty(fc.array(stepArb, { minLength: 5, maxLength: 40 }), check), { numRuns, seed: 1701 });
    }, 120_000);
  });
};

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tpm-interleave-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
let files = 0;
describeInterleavings('SQLite', async () => new SqliteBaselineStore(join(dir, `baseline-${files++}.sqlite`)), 300);

// Serialized, as DynamoDB is: stock moto lets two conditional transactions both win.
const moto = useMoto({ serialized: true });
let clients: AwsClients | undefined;
afterAll(() => clients?.destroy());
describeInterleavings(
  'DynamoDB (moto)',
  async () => {
    clients ??= new AwsClients(moto.server.clientOptions);
    return openDynamoBaseline(clients);
  },
  40,
);

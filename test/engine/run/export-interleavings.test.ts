/**
 * The Security Hub export under overlapping runs. Each run is four steps — record what it saw,
 * load what is queued for export, import it (the hub may refuse), settle — and several runs'
 * steps interleave arbitrarily while the estate flips between PASS and FAIL. The hub is a model
 * of Security Hub's own rules (the BatchImportFindings guide): one finding per Id, created on the
 * first import, and an update whose UpdatedAt is not later than the finding's is ignored.
 * Invariant: once every run has settled and a quiet run has exported what is left, the hub says
 * of each key what the estate is (ACTIVE FAILED for a FAIL; ARCHIVED PASSED, or never imported,
 * for a PASS), the baseline holds nothing queued, and no key has two findings. Property-based
 * over generated interleavings (fast-check), on a real SQLite baseline.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pendingExportsOf, recordRun, settleExports } from '../../../functions/engine/baseline/ledger.ts';
import { SqliteBaselineStore } from '../../../functions/engine/baseline/sqlite-store.ts';
import { DEFAULT_TRANSITION_OPTIONS, type PartitionObservation } from '../../../functions/engine/baseline/transitions.ts';
import { type BaselineRecord, keyId, type Partition } from '../../../functions/engine/baseline/types.ts';
import { checkById } from '../../../functions/engine/checks/registry.ts';
import { type AsffFinding, asffFindingOf } from '../../../functions/engine/securityhub/asff.ts';
import { at, observation, SUBJECT } from '../../support/baseline.ts';
import { ACCOUNT, REGION } from '../../support/builders.ts';

const PARTITION: Partition = { account: ACCOUNT, region: REGION };
const KEYS = ['vpce-1', 'vpce-2'] as const;
const RUNS = 3;
const OPTIONS = { ...DEFAULT_TRANSITION_OPTIONS, securityHub: true };
const CHECK = checkById('vpc_endpoint_policy_wildcard_principal_bounded');
const subjects = new Map([['vpc_endpoint_policy_wildcard_principal_bounded', SUBJECT]]);
type Status = 'PASS' | 'FAIL';

type Step =
  | { readonly kind: 'flip'; readonly key: number }
  | { readonly kind: 'record' | 'load' | 'settle'; readonly run: number }
  | { readonly kind: 'import'; readonly run: number; readonly accepted: boolean };

/** Security Hub as the BatchImportFindings guide describes it, for the fields the invariant reads. */
class HubModel {
  readonly findings = new Map<string, AsffFinding>();
  import(batch: readonly AsffFinding[]): void {
    for (const finding of batch) {
      const existing = this.findings.get(finding.Id ?? '');
      if (existing && (finding.UpdatedAt ?? '') <= (existing.UpdatedAt ?? '')) continue; // ignored, as documented
      this.findings.set(finding.Id ?? '', { ...existing, ...finding, Workflow: existing?.Workflow ?? finding.Workflow });
    }
  }
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

interface RunState {
  stage: 'idle' | 'recorded' | 'loaded' | 'imported';
  loaded: BaselineRecord[];
  accepted: boolean;
}

const findingsOf = (records: readonly BaselineRecord[]) =>
  records.map((record) =>
    asffFindingOf(record, CHECK, { partition: 'aws', region: REGION }, { created: record.securityHub?.imported === true }),
  );

const play = async (steps: readonly Step[]) => {
  const store = new SqliteBaselineStore(':memory:');
  const hub = new HubModel();
  const truth: Status[] = KEYS.map(() => 'PASS');
  const runs: RunState[] = Array.from({ length: RUNS }, () => ({ stage: 'idle', loaded: [], accepted: false }));
  let minute = 0;
  const settle = async (run: RunState) => {
    const imported = run.accepted
      ? new Map(run.loaded.map((record) => [keyId(record), record.securityHub?.pendingSince ?? ''] as const))
      : new Map<string, string>();
    await settleExports(store, PARTITION, imported);
  };
  try {
    for (const step of steps) {
      minute += 1;
      if (step.kind === 'flip') {
        truth[step.key] = truth[step.key] === 'PASS' ? 'FAIL' : 'PASS';
        continue;
      }
      const run = runs[step.run] as RunState;
      if (step.kind === 'record' && run.stage === 'idle') {
        await recordRun(store, PARTITION, observe(truth, minute), OPTIONS, subjects);
        run.stage = 'recorded';
      } else if (step.kind === 'load' && run.stage === 'recorded') {
        run.loaded = pendingExportsOf(await store.load(PARTITION));
        run.stage = 'loaded';
      } else if (step.kind === 'import' && run.stage === 'loaded') {
        run.accepted = step.accepted;
        if (step.accepted) hub.import(findingsOf(run.loaded));
        run.stage = 'imported';
      } else if (step.kind === 'settle' && run.stage === 'imported') {
        await settle(run);
        run.stage = 'idle';
      }
    }
    // Every run in flight finishes (a refused import stays refused), then a quiet run exports what is left.
    for (const run of runs) {
      if (run.stage === 'recorded') run.loaded = pendingExportsOf(await store.load(PARTITION));
      if (run.stage === 'recorded' || run.stage === 'loaded') run.accepted = false;
      if (run.stage !== 'idle') await settle(run);
    }
    minute += 1;
    await recordRun(store, PARTITION, observe(truth, minute), OPTIONS, subjects);
    const left = pendingExportsOf(await store.load(PARTITION));
    hub.import(findingsOf(left));
    await settleExports(store, PARTITION, new Map(left.map((record) => [keyId(record), record.securityHub?.pendingSince ?? ''])));
    return { truth, hub, queued: pendingExportsOf(await store.load(PARTITION)).length };
  } finally {
    store.close();
  }
};

/**
 * Interleavings in which every step does something: a schedule of lanes (each run's next step in
 * its cycle record → load → import → settle, or a flip of the estate), with the hub accepting or
 * refusing each import.
 */
const interleaving: fc.Arbitrary<Step[]> = fc
  .record({
    lanes: fc.array(fc.integer({ min: 0, max: RUNS }), { maxLength: 48 }),
    keys: fc.array(fc.integer({ min: 0, max: KEYS.length - 1 }), { minLength: 48, maxLength: 48 }),
    accepted: fc.array(fc.boolean(), { minLength: 48, maxLength: 48 }),
  })
  .map(({ lanes, keys, accepted }) => {
    const cycle = ['record', 'load', 'import', 'settle'] as const;
    const next = Array.from({ length: RUNS }, () => 0);
    return lanes.map((lane, index): Step => {
      if (lane === RUNS) return { kind: 'flip', key: keys[index] ?? 0 };
      const kind = cycle[(next[lane] as number) % cycle.length] as (typeof cycle)[number];
      next[lane] = (next[lane] as number) + 1;
      return kind === 'import' ? { kind, run: lane, accepted: accepted[index] ?? true } : { kind, run: lane };
    });
  });

const agrees = ({ truth, hub, queued }: Awaited<ReturnType<typeof play>>): string[] => {
  const problems: string[] = queued ? [`${queued} records still queued`] : [];
  KEYS.forEach((resourceId, index) => {
    const id = `${ACCOUNT}/${REGION}/vpc_endpoint_policy_wildcard_principal_bounded/${resourceId}`;
    const finding = hub.findings.get(id);
    const says = finding ? `${finding.RecordState} ${finding.Compliance?.Status}` : 'never imported';
    const right = truth[index] === 'FAIL' ? says === 'ACTIVE FAILED' : says === 'ARCHIVED PASSED' || says === 'never imported';
    if (!right) problems.push(`${resourceId} is ${truth[index]} but the hub says ${says}`);
  });
  if (hub.findings.size > KEYS.length) problems.push(`${hub.findings.size} findings for ${KEYS.length} keys`);
  return problems;
};

describe('the Security Hub export under overlapping runs', () => {
  it('ends with the hub saying what the estate is, nothing queued and one finding per key', async () => {
    await fc.assert(
      fc.asyncProperty(interleaving, async (steps) => {
        expect(agrees(await play(steps))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a newer change queued when a slower run settles an older import of the same key', async () => {
    // A loads the failure; B records the fix; A imports and settles the failure. The fix must
    // still be queued (its transition is newer than what A imported), so B or the quiet run sends it.
    const steps: Step[] = [
      { kind: 'flip', key: 0 },
      { kind: 'record', run: 0 },
      { kind: 'load', run: 0 },
      { kind: 'flip', key: 0 },
      { kind: 'record', run: 1 },
      { kind: 'import', run: 0, accepted: true },
      { kind: 'settle', run: 0 },
      { kind: 'load', run: 1 },
      { kind: 'import', run: 1, accepted: true },
      { kind: 'settle', run: 1 },
    ];
    expect(agrees(await play(steps))).toEqual([]);
  });

  it('survives the order a naive export gets wrong: a slow run imports an older state after a newer one', async () => {
    // A records the failure and loads it; B records the fix, and imports and settles it; A's
    // import of the failure lands last. The hub ignores it (an older UpdatedAt), and the quiet run
    // leaves the key archived.
    const steps: Step[] = [
      { kind: 'flip', key: 0 },
      { kind: 'record', run: 0 },
      { kind: 'load', run: 0 },
      { kind: 'import', run: 0, accepted: false },
      { kind: 'settle', run: 0 },
      { kind: 'record', run: 0 },
      { kind: 'load', run: 0 },
      { kind: 'flip', key: 0 },
      { kind: 'record', run: 1 },
      { kind: 'load', run: 1 },
      { kind: 'import', run: 1, accepted: true },
      { kind: 'settle', run: 1 },
      { kind: 'import', run: 0, accepted: true },
      { kind: 'settle', run: 0 },
    ];
    const outcome = await play(steps);
    expect(agrees(outcome)).toEqual([]);
    expect(outcome.hub.findings.size).toBe(1);
  });
});

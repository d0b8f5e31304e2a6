/**
 * Soak: a scheduled sweep and a change re-check overlapping on one baseline, round after round,
 * while a misconfiguration flips (the demo's Lustre-ports change, made and undone through the
 * SDK). After each round a quiet sweep settles everything; then the subscriber's last word for
 * the changed key must equal the stored truth (failing after a regression, clear after a fix),
 * and no alert may arrive twice. Prints the anomalies (expected: 0 and 0).
 *
 *   node bench/overlap-soak.ts [--rounds 100] [--store sqlite|dynamodb] [--seed 1] [--threaded-moto]
 *
 * moto answers one request at a time here, as DynamoDB serializes transactions; --threaded-moto
 * uses stock moto, whose unlocked TransactWriteItems can let two claims of one alert both win.
 */
import { parseArgs } from 'node:util';
import { SqliteBaselineStore } from '../functions/engine/baseline/sqlite-store.ts';
import { createChangeHandler } from '../functions/handlers/change-recheck.ts';
import { createSweepHandler } from '../functions/handlers/scheduled-sweep.ts';
import { DEMO_CHANGES } from '../lab/demo-story.ts';
import { localContext, openLabSession, scheduledEvent } from '../lab/lab-deployment.ts';
import { captureLambdaOutput } from '../lab/lambda-output.ts';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '100' },
    store: { type: 'string', default: 'sqlite' },
    seed: { type: 'string', default: '1' },
    /** Stock moto is threaded and lets two conditional transactions both win; DynamoDB does not. */
    'threaded-moto': { type: 'boolean', default: false },
  },
});
if (values.store !== 'sqlite' && values.store !== 'dynamodb') throw new Error('--store is sqlite or dynamodb');
const rounds = Number(values.rounds);
// A small deterministic generator, so a run that finds an anomaly can be repeated.
let state = Number(values.seed) >>> 0 || 1;
const random = () => {
  state = (state * 1_103_515_245 + 12_345) >>> 0;
  return state / 2 ** 32;
};

const FAILURE_KINDS = new Set(['NEW_FAILURE', 'REGRESSION', 'STILL_FAILING', 'ERROR']);
const session = await openLabSession({
  serializedMoto: !values['threaded-moto'],
  ...(values.store === 'sqlite' ? { store: new SqliteBaselineStore(':memory:') } : {}),
});
try {
  const { deployment } = session;
  const lustre = DEMO_CHANGES[0];
  if (!lustre) throw new Error('the demo story has no changes');
  const key = 'fsx_file_cache_lustre_ports_restricted';
  const seen = new Map<string, number>();
  const lastWord = new Map<string, 'failing' | 'clear'>();
  const collect = async () => {
    for (const message of await deployment.inbox.receive()) {
      for (const alert of (message.payload.alerts as { id: string; checkId: string; transition: string }[] | undefined) ?? []) {
        seen.set(alert.id, (seen.get(alert.id) ?? 0) + 1);
        lastWord.set(alert.checkId, FAILURE_KINDS.has(alert.transition) ? 'failing' : 'clear');
      }
    }
  };
  // The handlers log to stdout as Lambda would; one capture for the whole soak (captures do not nest).
  const output = captureLambdaOutput();
  const anomalies: string[] = [];
  const sweepHandler = createSweepHandler(deployment.deps);
  const changeHandler = createChangeHandler(deployment.deps);
  const sweep = () => sweepHandler(scheduledEvent(), localContext('scheduled-sweep'));
  await sweep();
  await collect();
  let regressed = false;
  let wrong = 0;
  const started = Date.now();
  for (let round = 0; round < rounds; round++) {
    // Flip (or not), then let a sweep and the change's re-check overlap in either order.
    const flip = random() < 0.7;
    let event: unknown;
    if (flip) {
      const step = regressed ? lustre.fix : lustre.regression;
      ({ cloudTrailEvent: event } = await step.run(session));
      regressed = !regressed;
    }
    const recheck = () => (event ? changeHandler(event as never, localContext('change-recheck')) : sweep());
    await Promise.all(random() < 0.5 ? [sweep(), recheck()] : [recheck(), sweep()]);
    // A quiet sweep settles whatever is still pending, then the subscriber must be right.
    await sweep();
    await collect();
    const expected = regressed ? 'failing' : 'clear';
    const told = lastWord.get(key) ?? 'clear';
    if (told !== expected) {
      wrong++;
      anomalies.push(`round ${round + 1}: the estate is ${expected} but the last alert said ${told}`);
    }
  }
  output.restore();
  for (const anomaly of anomalies) console.log(anomaly);
  const duplicates = [...seen.values()].filter((count) => count > 1).length;
  console.log(
    `Overlap soak · baseline: ${values.store}${values['threaded-moto'] ? ' (stock threaded moto)' : ''} · ${rounds} rounds of a sweep and a re-check overlapping while the Lustre ports flip · ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
  console.log(`wrong final beliefs: ${wrong} (expected 0)`);
  console.log(`alerts delivered more than once: ${duplicates} of ${seen.size} (expected 0)`);
  process.exitCode = wrong + duplicates > 0 ? 1 : 0;
} finally {
  await session.dispose();
}

/**
 * Benchmark: from one CloudTrail event to the alert in SNS, against a full sweep finding the same
 * change, on the same seeded lab account (plus --extra-endpoints more in scope) in the same run. Both go through the deployed code path
 * (handler middleware, DynamoDB baseline, SNS publish); the change is made and undone between
 * runs, so every run really alerts.
 *
 *   node bench/change-to-alert.ts [--runs 5] [--extra-endpoints 1000] [--store sqlite|dynamodb]
 */
import { parseArgs } from 'node:util';
import { SqliteBaselineStore } from '../functions/engine/baseline/sqlite-store.ts';
import { DEMO_CHANGES } from '../lab/demo-story.ts';
import { invokeOnLab, type LabInvocation, openLabSession, scheduledEvent } from '../lab/lab-deployment.ts';
import { ENDPOINTS_PER_VPC, seedVpc } from './lib/seed-scale.ts';
import { median } from './lib/stats.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    'extra-endpoints': { type: 'string', default: '1000' },
    store: { type: 'string', default: 'sqlite' },
  },
});
if (values.store !== 'sqlite' && values.store !== 'dynamodb') throw new Error('--store is sqlite or dynamodb');
const runs = Number(values.runs);
const extra = Number(values['extra-endpoints']);
const regressions = (invocation: LabInvocation) =>
  ((invocation.result as { changes?: string[] } | undefined)?.changes ?? []).filter((change) => change.startsWith('REGRESSION'))
    .length;

// moto's TransactWriteItems copies the whole table per transaction, so at scale the DynamoDB
// baseline on moto measures moto; SQLite keeps the same contract (one test suite runs both).
const session = await openLabSession(values.store === 'sqlite' ? { store: new SqliteBaselineStore(':memory:') } : {});
try {
  const { deployment } = session;
  // More of the same estate in scope (tagged like the demo's VPCs), so the sweep reads a real account's worth.
  const ec2 = deployment.deps.clients.ec2(deployment.region);
  for (let index = 0; index * ENDPOINTS_PER_VPC < extra; index++) {
    await seedVpc(ec2, 100 + index, Math.min(ENDPOINTS_PER_VPC, extra - index * ENDPOINTS_PER_VPC), [
      { Key: 'tpm:monitored', Value: 'true' },
    ]);
  }
  await invokeOnLab(deployment, 'scheduled-sweep', scheduledEvent());
  await deployment.inbox.receive();
  const lustre = DEMO_CHANGES[0];
  if (!lustre) throw new Error('the demo story has no changes');
  const paths: Record<'event' | 'sweep', { ms: number[]; calls: number[]; alerted: number }> = {
    event: { ms: [], calls: [], alerted: 0 },
    sweep: { ms: [], calls: [], alerted: 0 },
  };
  for (let run = 0; run < runs; run++) {
    for (const path of ['event', 'sweep'] as const) {
      const { cloudTrailEvent } = await lustre.regression.run(session);
      const invocation =
        path === 'event'
          ? await invokeOnLab(deployment, 'change-recheck', cloudTrailEvent)
          : await invokeOnLab(deployment, 'scheduled-sweep', scheduledEvent());
      paths[path].ms.push(invocation.durationMs);
      paths[path].calls.push(invocation.apiCallTotal);
      if (regressions(invocation) === 1 && (await deployment.inbox.receive()).length === 1) paths[path].alerted++;
      const { cloudTrailEvent: undo } = await lustre.fix.run(session);
      await invokeOnLab(deployment, 'change-recheck', undo);
      await deployment.inbox.receive();
    }
  }
  const event = { ms: median(paths.event.ms), calls: median(paths.event.calls) };
  const sweep = { ms: median(paths.sweep.ms), calls: median(paths.sweep.calls) };
  console.log(
    `Change-to-alert benchmark · the demo account plus ${extra} VPC endpoints in ${Math.ceil(extra / ENDPOINTS_PER_VPC)} more VPCs · baseline: ${values.store} · the change: ${lustre.regression.what} · median of ${runs} runs each\n`,
  );
  console.log('path                                   handler ms  estate API calls  alerted once');
  console.log(
    `CloudTrail event → change-recheck     ${String(event.ms).padStart(10)}  ${String(event.calls).padStart(16)}  ${paths.event.alerted}/${runs}`,
  );
  console.log(
    `schedule → scheduled-sweep            ${String(sweep.ms).padStart(10)}  ${String(sweep.calls).padStart(16)}  ${paths.sweep.alerted}/${runs}`,
  );
  console.log(
    `\nthe event path: ${(sweep.ms / event.ms).toFixed(1)}× faster, ${(sweep.calls / event.calls).toFixed(1)}× fewer calls (the sweep also probes 3 TLS endpoints live)`,
  );
  console.log('handler ms: from invocation to return, SNS publish included; estate calls exclude the baseline and SNS.');
} finally {
  await session.dispose();
}

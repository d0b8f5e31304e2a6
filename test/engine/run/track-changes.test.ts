/**
 * Delivery semantics of trackChanges over a real SQLite baseline: an alert is sent once, is not
 * marked delivered until a publish succeeded, survives a failed publish, and is not duplicated by
 * a retried run or two runs at once. The publisher here records messages in memory or fails on
 * demand; the SNS path itself is tested against moto in test/integration/alerts-moto.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlertMessage } from '../../../functions/engine/alerts/digest.ts';
import type { AlertPublisher } from '../../../functions/engine/alerts/publisher.ts';
import { SqliteBaselineStore } from '../../../functions/engine/baseline/sqlite-store.ts';
import { DEFAULT_TRANSITION_OPTIONS } from '../../../functions/engine/baseline/transitions.ts';
import { metricsOfRun } from '../../../functions/engine/metrics/metrics.ts';
import { renderChanges } from '../../../functions/engine/output/transitions.ts';
import { type ChangeTrackingRequest, trackChanges } from '../../../functions/engine/run/track-changes.ts';
import type { ScanResult } from '../../../functions/engine/scan/scan.ts';
import { WHOLE_REGION } from '../../../functions/engine/types.ts';
import { at, finding, scanResult } from '../../support/baseline.ts';

class InboxPublisher implements AlertPublisher {
  readonly name = 'test inbox';
  readonly sent: AlertMessage[] = [];
  failuresLeft = 0;
  async publish(message: AlertMessage): Promise<void> {
    if (this.failuresLeft > 0) {
      this.failuresLeft--;
      throw new Error('SNS said no (InternalError)');
    }
    this.sent.push(message);
  }
}

let store: SqliteBaselineStore;
let inbox: InboxPublisher;
beforeEach(() => {
  store = new SqliteBaselineStore(':memory:');
  inbox = new InboxPublisher();
});
afterEach(() => store.close());

const track = (scan: ScanResult, overrides: Partial<ChangeTrackingRequest> = {}) =>
  trackChanges({
    scan,
    store,
    publisher: inbox,
    options: DEFAULT_TRANSITION_OPTIONS,
    runId: `run-${scan.startedAt}`,
    policySource: 'policy.yaml',
    now: () => new Date(scan.startedAt),
    ...overrides,
  });
const subjects = () => inbox.sent.map((message) => message.subject);

describe('trackChanges', () => {
  it('sends nothing for a repeat of the same scan, then one regression and one recovery', async () => {
    await track(scanResult([finding('vpce-1', 'PASS'), finding('vpce-2', 'FAIL')], at(60)));
    expect(subjects()).toEqual(['[HIGH] 1 new failure in 111122223333/us-east-1: DynamoDB VPC endpoint policy opened to *']);
    await track(scanResult([finding('vpce-1', 'PASS'), finding('vpce-2', 'FAIL')], at(120)));
    expect(inbox.sent).toHaveLength(1);
    await track(scanResult([finding('vpce-1', 'FAIL'), finding('vpce-2', 'FAIL')], at(180)));
    await track(scanResult([finding('vpce-1', 'PASS'), finding('vpce-2', 'FAIL')], at(240)));
    expect(subjects().slice(1)).toEqual([
      '[HIGH] 1 regression in 111122223333/us-east-1: DynamoDB VPC endpoint policy opened to *',
      '[RECOVERED] 1 recovery in 111122223333/us-east-1: DynamoDB VPC endpoint policy opened to *',
    ]);
  });

  it('reads a partition once on a quiet run, and again only to deliver what it holds', async () => {
    await track(scanResult([finding('vpce-1', 'FAIL')], at(60)));
    const loads: string[] = [];
    const load = store.load.bind(store);
    store.load = async (partition) => {
      loads.push(partition.region);
      return load(partition);
    };
    // The region and its global resources: one read each, nothing to claim.
    await track(scanResult([finding('vpce-1', 'FAIL')], at(120)));
    expect(loads.sort()).toEqual(['global', 'us-east-1']);
    loads.length = 0;
    await track(scanResult([finding('vpce-1', 'PASS')], at(180)));
    // The recovery: record both, then claim and settle only the partition that holds it.
    expect(loads.sort()).toEqual(['global', 'us-east-1', 'us-east-1', 'us-east-1']);
    expect(subjects()).toHaveLength(2);
  });

  it('keeps an alert queued while publishing fails, reports the failure, and delivers it exactly once later', async () => {
    inbox.failuresLeft = 5;
    const failed = await track(scanResult([finding('vpce-1', 'FAIL')], at(60)));
    expect(failed.delivery).toMatchObject({ published: 0, failed: 1 });
    expect(failed.delivery.errors[0]).toContain('SNS said no');
    const metrics = metricsOfRun({ scan: scanResult([]), changes: failed });
    expect(metrics.find((datum) => datum.name === 'AlertDeliveryFailures')?.value).toBe(1);
    expect(inbox.sent).toEqual([]);

    inbox.failuresLeft = 0;
    // The next run sees no new change, but delivers the one still queued.
    const retried = await track(scanResult([finding('vpce-1', 'FAIL')], at(120)));
    expect(retried.transitions.map((transition) => transition.kind)).toEqual(['STILL_FAILING']);
    expect(subjects()).toEqual(['[HIGH] 1 new failure in 111122223333/us-east-1: DynamoDB VPC endpoint policy opened to *']);
    await track(scanResult([finding('vpce-1', 'FAIL')], at(180)));
    expect(inbox.sent).toHaveLength(1);
  });

  it('does not send twice when a run is retried with the same observation (a redelivered event)', async () => {
    const scan = scanResult([finding('vpce-1', 'FAIL')], at(60));
    await track(scan);
    await track(scan, { runId: 'retry' });
    expect(inbox.sent).toHaveLength(1);
  });

  it('does not send twice when two runs race on the same baseline', async () => {
    await Promise.all([
      track(scanResult([finding('vpce-1', 'FAIL')], at(60)), { runId: 'sweep' }),
      track(scanResult([finding('vpce-1', 'FAIL')], at(61)), { runId: 'recheck', focus: () => true }),
    ]);
    expect(inbox.sent.flatMap((message) => message.alertIds)).toHaveLength(1);
  });

  it('does not take over an alert another run has claimed until the claim lapses', async () => {
    const slow: AlertPublisher = { name: 'never returns', publish: () => new Promise(() => {}) };
    void track(scanResult([finding('vpce-1', 'FAIL')], at(60)), { publisher: slow, runId: 'stuck' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = await track(scanResult([finding('vpce-1', 'FAIL')], at(62)), { runId: 'second', now: () => new Date(at(63)) });
    expect(inbox.sent).toEqual([]);
    // Issue 17 case 3: the quiet run says why it sent nothing, and when the alert is taken over.
    expect(second.delivery.heldByOtherRuns).toEqual({
      count: 1,
      until: new Date(Date.parse(at(60)) + 10 * 60_000).toISOString(),
    });
    expect(renderChanges(second, { width: 120, color: false, all: false, baseline: 'b' })).toContain(
      `! 1 alert is being delivered by another run; this run did not send it. If that run died, the next run after ${second.delivery.heldByOtherRuns.until} sends it.`,
    );
    await track(scanResult([finding('vpce-1', 'FAIL')], at(80)), { runId: 'third', now: () => new Date(at(80)) });
    expect(inbox.sent.flatMap((message) => message.alertIds)).toHaveLength(1);
  });

  it('never marks resources of a collection it could not list as deleted', async () => {
    await track(scanResult([finding('vpce-1', 'FAIL')], at(60)));
    const blind = finding(WHOLE_REGION, 'ERROR', { message: 'Could not list VPC endpoints' });
    const result = await track(
      scanResult([blind], at(120), {
        coverage: [{ account: '111122223333', region: 'us-east-1', status: 'partial', failedCollections: ['vpcEndpoints'] }],
      }),
    );
    expect(result.transitions.map((transition) => transition.kind)).toEqual([]);
    // Once it can list them again and vpce-1 is really gone, that is news (it was failing).
    const gone = await track(scanResult([], at(180)));
    expect(gone.transitions.map((transition) => [transition.kind, transition.key.resourceId])).toEqual([
      ['RESOLVED_BY_DELETION', 'vpce-1'],
    ]);
    expect(subjects().at(-1)).toBe('[RECOVERED] 1 deletion in 111122223333/us-east-1: DynamoDB VPC endpoint policy opened to *');
  });

  it('sends no deletion when a failed dependency hides a faceted finding, and none when visibility returns', async () => {
    // Issue 17, case 2: with DescribeVpcEndpoints denied, vpc_required_service_endpoints_present
    // reports ERROR under the VPC id while its findings are keyed vpc-…/service; the facet was
    // "deleted", a recovery emailed, and the VPC "deleted" again when visibility returned.
    const required = { checkId: 'vpc_required_service_endpoints_present', resourceType: 'AWS::EC2::VPC' as const };
    const missing = finding('vpc-1/filecache', 'FAIL', { ...required, message: 'VPC vpc-1 has no File Cache endpoint' });
    await track(scanResult([missing], at(60)));
    const sentBefore = inbox.sent.length;
    const blind = finding('vpc-1', 'ERROR', {
      ...required,
      message: 'Could not evaluate vpc_required_service_endpoints_present for vpc-1: VPC endpoints are unavailable',
      evidence: { missingCollection: 'vpcEndpoints' },
    });
    const partial = {
      coverage: [
        { account: '111122223333', region: 'us-east-1', status: 'partial' as const, failedCollections: ['vpcEndpoints'] },
      ],
    };
    for (const minute of [120, 180, 240, 300]) {
      const run = await track(scanResult([blind], at(minute), partial), {
        options: { ...DEFAULT_TRANSITION_OPTIONS, errorAfter: 2 },
      });
      expect(run.transitions.map((transition) => transition.kind)).not.toContain('RESOLVED_BY_DELETION');
    }
    // Visibility returns; the facet still fails: no deletion of the VPC, no recovery of the facet.
    const back = await track(scanResult([missing], at(360)));
    expect(back.transitions.map((transition) => [transition.kind, transition.key.resourceId])).not.toContainEqual([
      'RESOLVED_BY_DELETION',
      'vpc-1',
    ]);
    const words = inbox.sent.slice(sentBefore).map((message) => message.subject);
    expect(words.filter((subject) => subject.startsWith('[RECOVERED]') && subject.includes('deletion'))).toEqual([]);
  });

  it('without a publisher, counts what it reported as delivered, so a topic added later gets no backlog', async () => {
    await track(scanResult([finding('vpce-1', 'FAIL')], at(60)), { publisher: undefined });
    await track(scanResult([finding('vpce-1', 'FAIL')], at(120)));
    expect(inbox.sent).toEqual([]);
  });
});

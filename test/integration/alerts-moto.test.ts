/**
 * Issue "baseline, regressions, metrics and alerts", end to end through `tpm scan` on the local
 * lab: the same scan twice sends nothing the second time; one new misconfiguration sends exactly
 * one readable regression email and moves the metrics; fixing it sends one recovery.
 * The "email" is read back from an SQS queue subscribed to the SNS topic; the metrics from
 * CloudWatch GetMetricData.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudWatchClient, GetMetricDataCommand, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { ModifyVpcEndpointCommand } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../cli/exit-codes.ts';
import { main } from '../../cli/main.ts';
import { AwsClients } from '../../functions/engine/collectors/aws-clients.ts';
import { createAlertInbox } from '../../lab/inbox.ts';
import { MOTO_ACCOUNT } from '../../lab/moto.ts';
import { seedDemoAccount } from '../../lab/seed.ts';
import { orgBoundPolicy } from '../support/builders.ts';
import { captureIo } from '../support/io.ts';
import { useLab } from '../support/lab.ts';

const handle = useLab();
const savedEndpoint = process.env.AWS_ENDPOINT_URL;
let dir = '';
beforeAll(async () => {
  process.env.AWS_ENDPOINT_URL = handle.lab.moto.endpoint;
  dir = await mkdtemp(join(tmpdir(), 'tpm-alerts-'));
});
afterAll(async () => {
  process.env.AWS_ENDPOINT_URL = savedEndpoint;
  await rm(dir, { recursive: true, force: true });
});

const OPENED_TO_ANYONE = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: ['fsx:DescribeFileCaches'], Resource: '*' }],
});
const orgBound = (organizationId: string) =>
  orgBoundPolicy(organizationId, ['fsx:DescribeFileCaches', 'fsx:DescribeDataRepositoryAssociations']);

describe('baseline, alerts and metrics through tpm scan', () => {
  it('alerts once per change: nothing on a repeat, one regression, one recovery', async () => {
    // Prepare: the seeded estate, an SNS topic with an SQS "inbox", a fresh baseline file.
    const clients = new AwsClients(handle.lab.clientOptions);
    try {
      const estate = await seedDemoAccount(clients, MOTO_ACCOUNT, 'us-east-1', handle.lab.aws);
      const inbox = await createAlertInbox(clients, 'us-east-1');
      const baseline = join(dir, 'baseline.sqlite');
      const scan = async () => {
        const io = captureIo({ AWS_REGION: 'us-east-1' }, { aws: handle.lab.clientOptions });
        const code = await main(
          [
            'scan',
            '--config',
            handle.lab.policyPath,
            '--baseline',
            baseline,
            '--sns-topic',
            inbox.topicArn,
            '--publish-metrics',
            '--namespace',
            'TPM/Test',
            '--format',
            'json',
          ],
          io,
        );
        return { code, document: JSON.parse(io.out()) };
      };
      const endpointId = estate.prodApp.fileCacheEndpointId;
      const setPolicy = (PolicyDocument: string) =>
        clients.ec2('us-east-1').send(new ModifyVpcEndpointCommand({ VpcEndpointId: endpointId, PolicyDocument }));

      // Run 1: every planted failure is news once.
      const first = await scan();
      expect(first.code).toBe(EXIT.findings);
      const firstAlerts = await inbox.receive();
      expect(firstAlerts.map((alert) => alert.attributes.severity).sort()).toEqual(['HIGH', 'LOW', 'MEDIUM']);
      const newFailures = firstAlerts.flatMap((alert) => alert.payload.alerts as { transition: string }[]);
      expect(newFailures).toHaveLength(9);
      expect(newFailures.every((alert) => alert.transition === 'NEW_FAILURE')).toBe(true);

      // Run 2: the same estate, nothing to say.
      const second = await scan();
      expect(second.document.changes.transitions.filter((t: { kind: string }) => t.kind !== 'STILL_FAILING')).toEqual([]);
      expect(second.document.changes.alerts.messages).toEqual([]);
      expect(await inbox.receive()).toEqual([]);

      // Run 3: one new misconfiguration.
      await setPolicy(OPENED_TO_ANYONE);
      const third = await scan();
      const regression = await inbox.receive();
      expect(regression).toHaveLength(1);
      const [email] = regression;
      expect(email?.subject).toBe('[HIGH] 1 regression in 123456789012/us-east-1: File Cache VPC endpoint policy opened to *');
      expect(email?.attributes).toMatchObject({
        severity: 'HIGH',
        kind: 'failure',
        checkId: '["vpc_endpoint_policy_wildcard_principal_bounded"]',
        account: '["123456789012"]',
        region: '["us-east-1"]',
        transition: '["REGRESSION"]',
      });
      const text = email?.text ?? '';
      expect(text).toContain('1. REGRESSION: File Cache VPC endpoint policy opened to *');
      expect(text).toContain(`Resource:  ${endpointId} (AWS::EC2::VPCEndpoint) in 123456789012/us-east-1`);
      expect(text).toMatch(/Before: {4}PASS: VPC endpoint vpce-\w+ \(Amazon File Cache, Interface\) admits no/);
      expect(text).toMatch(
        /After: {5}FAIL: VPC endpoint vpce-\w+ \(Amazon File Cache, Interface\) policy\s+allows principals outside the trusted/,
      );
      expect(text).toContain('Fix:');
      expect(text).toContain(`    resource: "${endpointId}"`);
      expect(text.split('\n').every((line) => line.length <= 100)).toBe(true);
      expect(third.document.changes.transitions.filter((t: { kind: string }) => t.kind === 'REGRESSION')).toHaveLength(1);

      // Run 4: fixed; one recovery, in its own message.
      await setPolicy(orgBound(estate.organizationId));
      await scan();
      const recovery = await inbox.receive();
      expect(recovery.map((alert) => alert.subject)).toEqual([
        '[RECOVERED] 1 recovery in 123456789012/us-east-1: File Cache VPC endpoint policy opened to *',
      ]);
      expect(recovery[0]?.attributes.kind).toBe('recovery');

      // Run 5: quiet again.
      await scan();
      expect(await inbox.receive()).toEqual([]);

      // The metrics moved: read back what the five runs published.
      const query = (Id: string, MetricName: string, Stat: string, dimensions: Record<string, string> = {}): MetricDataQuery => ({
        Id,
        MetricStat: {
          Metric: {
            Namespace: 'TPM/Test',
            MetricName,
            Dimensions: Object.entries(dimensions).map(([Name, Value]) => ({ Name, Value })),
          },
          Period: 3600,
          Stat,
        },
      });
      const now = Date.now();
      const { MetricDataResults = [] } = await clients.client(CloudWatchClient, 'us-east-1').send(
        new GetMetricDataCommand({
          StartTime: new Date(now - 3_600_000),
          EndTime: new Date(now + 3_600_000),
          MetricDataQueries: [
            query('regressions', 'Regressions', 'Sum'),
            query('recoveries', 'Recoveries', 'Sum'),
            query('published', 'AlertsPublished', 'Sum'),
            query('wildcardMax', 'FailingFindings', 'Maximum', { CheckId: 'vpc_endpoint_policy_wildcard_principal_bounded' }),
            query('wildcardMin', 'FailingFindings', 'Minimum', { CheckId: 'vpc_endpoint_policy_wildcard_principal_bounded' }),
            query('runs', 'ScanDuration', 'SampleCount'),
          ],
        }),
      );
      const value = (id: string) => MetricDataResults.find((result) => result.Id === id)?.Values?.reduce((a, b) => a + b, 0);
      expect(value('runs')).toBe(5);
      expect(value('regressions')).toBe(1);
      expect(value('recoveries')).toBe(1);
      expect(value('published')).toBe(firstAlerts.length + 2);
      expect([value('wildcardMin'), value('wildcardMax')]).toEqual([1, 2]);
    } finally {
      clients.destroy();
    }
  });

  it('prints every finding and exits 7 when the baseline table is missing (not 70 with nothing shown)', async () => {
    // Issue 17, case 7: a missing or failing baseline table exited 70 and printed no findings.
    const clients = new AwsClients(handle.lab.clientOptions);
    try {
      await seedDemoAccount(clients, MOTO_ACCOUNT, 'us-east-1', handle.lab.aws);
      const io = captureIo({ AWS_REGION: 'us-east-1' }, { aws: handle.lab.clientOptions });
      const code = await main(['scan', '--config', handle.lab.policyPath, '--baseline', 'dynamodb:no-such-table'], io);
      expect(code).toBe(EXIT.delivery);
      expect(io.out()).toMatch(/FAIL\s+HIGH\s+vpc_endpoint_policy_trusted_principals/);
      expect(io.out()).toContain('9 FAIL');
      expect(io.err()).toContain('tpm scan: the baseline (DynamoDB table no-such-table');
      expect(io.err()).toContain('no change was recorded and no alert sent');
      expect(io.err()).not.toContain('    at ');
    } finally {
      clients.destroy();
    }
  });

  it('prints what changed under the findings, and exits 7 keeping alerts queued when SNS refuses them', async () => {
    const clients = new AwsClients(handle.lab.clientOptions);
    try {
      await seedDemoAccount(clients, MOTO_ACCOUNT, 'us-east-1', handle.lab.aws);
      const baseline = join(dir, 'refused.sqlite');
      const missingTopic = 'arn:aws:sns:us-east-1:123456789012:no-such-topic';
      const run = async (extra: string[]) => {
        const io = captureIo({ AWS_REGION: 'us-east-1' }, { aws: handle.lab.clientOptions });
        const code = await main(['scan', '--config', handle.lab.policyPath, '--baseline', baseline, ...extra], io);
        return { code, out: io.out() };
      };
      const refused = await run(['--sns-topic', missingTopic]);
      expect(refused.code).toBe(EXIT.delivery);
      expect(refused.out).toContain('Changes since the last run (SQLite file');
      expect(refused.out).toMatch(/NEW_FAILURE\s+HIGH\s+vpc_endpoint_policy_trusted_principals/);
      expect(refused.out).toContain(
        `! 3 of 3 alert digests could not be sent to SNS topic ${missingTopic}; they stay queued for the next run:`,
      );
      // Once a topic exists, the queued alerts go out, and the run succeeds as far as delivery goes.
      const inbox = await createAlertInbox(clients, 'us-east-1', 'later');
      const delivered = await run(['--sns-topic', inbox.topicArn]);
      expect(delivered.code).toBe(EXIT.findings);
      expect(delivered.out).toContain('No changes.');
      expect(delivered.out).toContain(`Alerts: 3 digests delivered to SNS topic ${inbox.topicArn}.`);
      expect((await inbox.receive()).flatMap((alert) => alert.payload.alerts as unknown[])).toHaveLength(9);
    } finally {
      clients.destroy();
    }
  });
});

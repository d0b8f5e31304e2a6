/**
 * The scheduled sweep on the lab: a full scan of the configured scope into the baseline, alerts
 * through SNS (read back from the SQS inbox) and EMF metrics; a duplicate delivery does nothing;
 * a deadline reached before a region was read records it as not scanned, never as passing, and
 * never as deleted.
 */
import { readFile } from 'node:fs/promises';
import { ModifyVpcEndpointCommand } from '@aws-sdk/client-ec2';
import { EnableSecurityHubCommand, GetFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { beforeEach, describe, expect, it } from 'vitest';
import { SecurityHubExporter } from '../../functions/engine/securityhub/exporter.ts';
import { createSweepHandler } from '../../functions/handlers/scheduled-sweep.ts';
import { type LabDeployment, localContext } from '../../lab/lab-deployment.ts';
import type { CapturedOutput } from '../../lab/lambda-output.ts';
import type { DemoEstate } from '../../lab/seed.ts';
import { useLabDeployment } from '../support/lab.ts';

const SCHEDULED = new URL('../../events/scheduled-sweep.json', import.meta.url);
const scheduled = async (id: string) => ({ ...JSON.parse(await readFile(SCHEDULED, 'utf8')), id });
const handle = useLabDeployment();
let deployment: LabDeployment;
let estate: DemoEstate;
let output: CapturedOutput;
beforeEach(() => {
  ({ deployment, estate, output } = handle);
});

type SweepSummary = {
  status: string;
  notScanned: string[];
  failing: number;
  changes: string[];
  alerts: { published: number; failed: number };
  apiCalls: number;
};
const sweep = async (id: string, context = localContext('sweep')) =>
  (await createSweepHandler(deployment.deps)(await scheduled(id), context)) as SweepSummary;

describe('scheduled sweep handler', () => {
  it('baselines the estate with one digest per severity, then stays quiet on a repeat', async () => {
    const first = await sweep('tick-1');
    expect(first).toMatchObject({ status: 'swept', notScanned: [], failing: 9, alerts: { published: 3, failed: 0 } });
    expect(first.changes).toHaveLength(9);
    expect(first.changes.every((change) => change.startsWith('NEW_FAILURE '))).toBe(true);
    const subjects = (await deployment.inbox.receive()).map((email) => email.subject).sort();
    expect(subjects).toEqual([
      '[HIGH] 7 new failures in 123456789012/us-east-1: Pinpoint TLS endpoint accepts... (+6 more)',
      '[LOW] 1 new failure in 123456789012/us-east-1: DynamoDB VPC endpoint policy allows wildcard actions',
      '[MEDIUM] 1 new failure in 123456789012/us-east-1: Direct Connect lacks location redundancy',
    ]);
    expect(output.metrics()).toContain('FailingFindings {} 9');
    expect(output.metrics()).toContain('NewFailures {} 9');
    expect(output.metrics()).toContain('SweepsCompleted {} 1');
    // The sweep kept prod-app's NAT gateway address for the observed-client-TLS handler.
    expect(await deployment.deps.store.loadEgress({ account: estate.account, region: estate.region })).toMatchObject({
      addresses: expect.arrayContaining([
        {
          publicIp: estate.prodApp.natPublicIp,
          vpcId: estate.prodApp.vpcId,
          via: 'nat-gateway',
          resourceId: estate.prodApp.natGatewayId,
        },
      ]),
    });

    const second = await sweep('tick-2');
    expect(second).toMatchObject({ status: 'swept', failing: 9, changes: [], alerts: { published: 0 } });
    expect(await deployment.inbox.receive()).toEqual([]);
  });

  it('with tpm:securityHub, imports each failure once through its exporter and says so in the summary and metrics', async () => {
    // Prepare: the hub on (moto), and the deployment's dependencies with the exporter the stack's TPM_SECURITY_HUB=on builds.
    const hub = deployment.platform.client(SecurityHubClient, deployment.region);
    await hub.send(new EnableSecurityHubCommand({}));
    const deps = {
      ...deployment.deps,
      exporter: new SecurityHubExporter((region) => deployment.platform.client(SecurityHubClient, region)),
    };
    // Act
    const first = (await createSweepHandler(deps)(await scheduled('hub-1'), localContext('sweep'))) as SweepSummary;
    const second = (await createSweepHandler(deps)(await scheduled('hub-2'), localContext('sweep'))) as SweepSummary;
    // Assess: the 9 failures and the suppressed one, once; the repeat imports nothing.
    expect(first).toMatchObject({ failing: 9, securityHub: { imported: 10, failed: 0 } });
    expect(second).toMatchObject({ changes: [], securityHub: { imported: 0, failed: 0 } });
    expect((await hub.send(new GetFindingsCommand({ MaxResults: 100 }))).Findings).toHaveLength(10);
    expect(output.metrics()).toContain('SecurityHubFindingsImported {} 10');
    expect(output.metrics()).toContain('SecurityHubImportFailures {} 0');
  });

  it('sends one regression when a change lands between two ticks', async () => {
    await sweep('tick-1');
    await deployment.inbox.receive();
    await deployment.deps.clients.ec2('us-east-1').send(
      new ModifyVpcEndpointCommand({
        VpcEndpointId: estate.prodApp.fileCacheEndpointId,
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: '*', Action: 'fsx:DescribeFileCaches', Resource: '*' }],
        }),
      }),
    );
    const second = await sweep('tick-2');
    expect(second.changes).toEqual([
      `REGRESSION vpc_endpoint_policy_wildcard_principal_bounded us-east-1/${estate.prodApp.fileCacheEndpointId}`,
    ]);
    expect((await deployment.inbox.receive()).map((email) => email.subject)).toEqual([
      '[HIGH] 1 regression in 123456789012/us-east-1: File Cache VPC endpoint policy opened to *',
    ]);
  });

  it('does nothing for a duplicate delivery of the same tick', async () => {
    const first = await sweep('tick-1');
    await deployment.inbox.receive();
    deployment.recorder.reset();
    const again = await sweep('tick-1');
    expect(again).toEqual(first);
    expect(deployment.recorder.total).toBe(0);
    expect(await deployment.inbox.receive()).toEqual([]);
  });

  it('records a region the deadline cut off as not scanned: no pass, no deletion, no alert', async () => {
    await sweep('tick-1');
    await deployment.inbox.receive();
    // 1 ms of scan time once the output reserve is kept back: the deadline passes before the region is read.
    const reserve = deployment.deps.outputReserveMs;
    const late = await sweep('tick-2', localContext('sweep', reserve + 1));
    expect(late).toMatchObject({ status: 'incomplete', notScanned: ['us-east-1'], failing: 0, changes: [] });
    expect(await deployment.inbox.receive()).toEqual([]);
    expect(output.metrics()).toContain('RegionsNotScanned {} 1');
    expect(output.metrics()).toContain('SweepsCompleted {} 0');
    const warning = output.logs().find((line) => line.message === 'deadline reached before every region was scanned');
    expect(warning).toMatchObject({ level: 'WARN', notScanned: ['us-east-1'] });

    // The next full tick finds everything as it was: the cut-off run neither passed nor deleted anything.
    const next = await sweep('tick-3');
    expect(next).toMatchObject({ status: 'swept', failing: 9, changes: [] });
  });
});

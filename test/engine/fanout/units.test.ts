/**
 * The org fan-out's units and aggregation against moto, which keeps accounts apart by the
 * credentials a call is signed with: a unit for a member account really assumes the member role
 * through moto's STS and reads that account's resources, not the monitor's. The baseline is an
 * in-memory SQLite store; the unit ledger is the DynamoDB one, on moto.
 */
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateVpcCommand, CreateVpcEndpointCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AlertMessage } from '../../../functions/engine/alerts/digest.ts';
import { BASELINE_TABLE_SCHEMA } from '../../../functions/engine/baseline/dynamodb-store.ts';
import { SqliteBaselineStore } from '../../../functions/engine/baseline/sqlite-store.ts';
import { ApiCallRecorder, AwsClients } from '../../../functions/engine/collectors/aws-clients.ts';
import { assumeMemberRole, memberRoleArn } from '../../../functions/engine/collectors/organization.ts';
import { type OrgSweepPlan, planOrgSweep, unitsOf } from '../../../functions/engine/fanout/plan.ts';
import { DynamoDbUnitLedger, MemoryUnitLedger, type UnitLedger } from '../../../functions/engine/fanout/unit-ledger.ts';
import { aggregateOrgSweep, orgSweepMetrics, scanUnit, type UnitDependencies } from '../../../functions/engine/fanout/units.ts';
import { policy } from '../../support/builders.ts';
import { useMoto } from '../../support/moto.ts';

const SELF = '123456789012';
const MEMBER = '222222222222';
const ROLE = 'TrafficPrivacyMonitorReadOnly';
const OPEN_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }],
});

const moto = useMoto();
let recorder: ApiCallRecorder;
let clients: AwsClients;
let store: SqliteBaselineStore;
let ledger: UnitLedger;
let sent: AlertMessage[];

beforeEach(async () => {
  recorder = new ApiCallRecorder();
  clients = new AwsClients({ ...moto.server.clientOptions, recorder });
  store = new SqliteBaselineStore(':memory:');
  const dynamodb = clients.client(DynamoDBClient, 'us-east-1');
  await dynamodb.send(
    new CreateTableCommand({ TableName: 'tpm-baseline', ...BASELINE_TABLE_SCHEMA, BillingMode: 'PAY_PER_REQUEST' }),
  );
  ledger = new DynamoDbUnitLedger(dynamodb, 'tpm-baseline');
  sent = [];
  return () => {
    store.close();
    clients.destroy();
  };
});

/** A VPC with a DynamoDB gateway endpoint whose policy is open to anyone, in whichever account `ec2` signs for. */
const plantOpenEndpoint = async (ec2: EC2Client) => {
  const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.20.0.0/16' }));
  const { VpcEndpoint } = await ec2.send(
    new CreateVpcEndpointCommand({
      VpcId: Vpc?.VpcId,
      ServiceName: 'com.amazonaws.us-east-1.dynamodb',
      VpcEndpointType: 'Gateway',
      PolicyDocument: OPEN_POLICY,
    }),
  );
  return VpcEndpoint?.VpcEndpointId as string;
};

// The areas moto serves without the lab's overlay; the TLS probes would leave the machine.
const testPolicy = policy({
  scope: { services: ['dynamodb'] },
  checks: { exclude: ['vpn_*', 'directconnect_*', 'fsx_*', 'tls_*', 'elbv2_*', 'apigateway_*', 'cloudfront_*'] },
  alerts: { errorAfter: 1 },
});
const deps = (overrides: Partial<UnitDependencies> = {}): UnitDependencies => ({
  policy: testPolicy,
  clients,
  store,
  ledger,
  selfAccount: SELF,
  memberRoleName: ROLE,
  ...overrides,
});
const planFor = (accounts: string[], runId = 'run-1'): OrgSweepPlan =>
  planOrgSweep({
    runId,
    now: new Date(),
    regions: ['us-east-1'],
    organization: accounts.map((id) => ({ id, name: id, state: 'ACTIVE' })),
    selfAccount: SELF,
  });
const aggregate = (plan: OrgSweepPlan) =>
  aggregateOrgSweep(plan, {
    store,
    ledger,
    policySource: 'org policy',
    publisher: { name: 'memory', publish: async (message) => void sent.push(message) },
  });

describe('scanUnit', () => {
  it("reads a member account through its assumed role, and the monitor's own account with its own credentials", async () => {
    const member = await assumeMemberRole(clients, memberRoleArn(MEMBER, ROLE), { region: 'us-east-1', sessionName: 'seed' });
    const memberEndpoint = await plantOpenEndpoint(member.ec2('us-east-1'));
    member.destroy();
    recorder.reset();

    const [selfUnit, memberUnit] = unitsOf(planFor([MEMBER]));
    const own = await scanUnit(selfUnit as never, deps());
    expect(recorder.count('AssumeRole')).toBe(0);
    const theirs = await scanUnit(memberUnit as never, deps());
    expect(recorder.count('AssumeRole')).toBe(1);

    expect(own).toMatchObject({ account: SELF, status: 'scanned', failing: 0 });
    expect(theirs).toMatchObject({ account: MEMBER, status: 'scanned', detail: 'complete' });
    expect(theirs.failing).toBeGreaterThanOrEqual(2);
    // The member's findings are filed under the member account, in the baseline the aggregator reads.
    const records = (await store.load({ account: MEMBER, region: 'us-east-1' })).records;
    expect(
      records.filter((record) => record.resourceId === memberEndpoint && record.status === 'FAIL').length,
    ).toBeGreaterThanOrEqual(2);
    expect((await ledger.outcomes('run-1')).map((outcome) => outcome.account).sort()).toEqual([SELF, MEMBER]);
  });

  it('reports a unit without access as blind, with ERROR findings instead of passes, and does not throw', async () => {
    const sts = mockClient(STSClient);
    sts
      .on(AssumeRoleCommand)
      .rejects(Object.assign(new Error('not authorized to perform sts:AssumeRole'), { name: 'AccessDenied' }));
    try {
      const [, memberUnit] = unitsOf(planFor([MEMBER]));
      const outcome = await scanUnit(memberUnit as never, deps());
      expect(outcome).toMatchObject({ account: MEMBER, status: 'blind', failing: 0 });
      expect(outcome.detail).toContain(`Could not assume ${memberRoleArn(MEMBER, ROLE)}`);
      const records = (await store.load({ account: MEMBER, region: 'us-east-1' })).records;
      expect(records.length).toBeGreaterThan(0);
      expect(records.every((record) => record.resourceId === '*' && record.snapshot.status === 'ERROR')).toBe(true);
      expect(records.some((record) => record.snapshot.status === 'PASS')).toBe(false);
    } finally {
      sts.restore();
    }
  });
});

describe('aggregateOrgSweep', () => {
  it('sends one digest for the whole organization, and nothing when a repeat finds nothing new', async () => {
    const member = await assumeMemberRole(clients, memberRoleArn(MEMBER, ROLE), { region: 'us-east-1', sessionName: 'seed' });
    await plantOpenEndpoint(member.ec2('us-east-1'));
    member.destroy();
    await plantOpenEndpoint(clients.ec2('us-east-1'));

    const first = planFor([MEMBER], 'run-1');
    for (const unit of unitsOf(first)) await scanUnit(unit, deps());
    const summary = await aggregate(first);
    expect(summary).toMatchObject({ units: 2, scanned: 2, partial: 0, blind: [], missing: [] });
    // One digest per severity for the whole organization, not one per account or unit.
    expect(sent.map((message) => message.subject)).toEqual([
      '[HIGH] 2 new failures in 2 accounts: DynamoDB VPC endpoint policy opened to *',
      '[MEDIUM] 2 new failures in 2 accounts: DynamoDB VPC endpoint policy is full access',
      '[LOW] 2 new failures in 2 accounts: DynamoDB VPC endpoint policy allows wildcard actions',
    ]);
    expect(orgSweepMetrics(summary)).toEqual(
      expect.arrayContaining([
        { name: 'UnitsScanned', unit: 'Count', value: 2, dimensions: {} },
        { name: 'UnitsFailed', unit: 'Count', value: 0, dimensions: {} },
        { name: 'FailingFindings', unit: 'Count', value: summary.failing, dimensions: {} },
      ]),
    );

    const second = planFor([MEMBER], 'run-2');
    for (const unit of unitsOf(second)) await scanUnit(unit, deps());
    const repeat = await aggregate(second);
    expect(repeat.transitions).toBe(0);
    expect(repeat.subjects).toEqual([]);
    expect(sent).toHaveLength(3);
  });

  it('counts a unit that never reported as failed, and withholds the estate total it cannot vouch for', async () => {
    const plan = planFor([MEMBER], 'run-3');
    const [selfUnit] = unitsOf(plan);
    await scanUnit(selfUnit as never, deps());
    const summary = await aggregate(plan);
    expect(summary.missing).toEqual([`${MEMBER}/us-east-1`]);
    const metrics = orgSweepMetrics(summary);
    expect(metrics.find((entry) => entry.name === 'UnitsFailed')?.value).toBe(1);
    expect(metrics.find((entry) => entry.name === 'FailingFindings')).toBeUndefined();
  });

  it('turns a blind unit into "cannot check" digests once visibility is lost for errorAfter runs', async () => {
    const sts = mockClient(STSClient);
    sts.on(AssumeRoleCommand).rejects(Object.assign(new Error('no such role'), { name: 'AccessDenied' }));
    try {
      const plan = planFor([MEMBER], 'run-4');
      for (const unit of unitsOf(plan)) await scanUnit(unit, deps());
      const summary = await aggregate(plan);
      expect(summary.blind).toEqual([{ unit: `${MEMBER}/us-east-1`, detail: expect.stringContaining('no such role') }]);
      const subjects = sent.map((message) => message.subject);
      expect(subjects.length).toBeGreaterThan(0);
      for (const subject of subjects)
        expect(subjects.length && subject).toMatch(/checks? that cannot see in 222222222222\/us-east-1: /);
      // Only the checks the policy runs go blind; excluded areas stay silent.
      expect(subjects.join(' ')).not.toMatch(/Direct Connect|VPN|TLS/);
    } finally {
      sts.restore();
    }
  });
});

describe('unit ledgers', () => {
  it.each([
    ['DynamoDB', () => ledger],
    ['memory', () => new MemoryUnitLedger()],
  ])('%s keeps outcomes per run and replaces a retried unit', async (_name, make) => {
    const subject = make();
    const outcome = {
      account: SELF,
      region: 'us-east-1',
      status: 'scanned' as const,
      detail: 'complete',
      findings: 3,
      failing: 1,
      transitions: 1,
      apiCalls: 7,
      pendingPartitions: [],
      durationMs: 10,
    };
    await subject.record('run-a', outcome);
    await subject.record('run-a', { ...outcome, failing: 2 });
    await subject.record('run-b', { ...outcome, region: 'eu-west-1' });
    expect(await subject.outcomes('run-a')).toEqual([{ ...outcome, failing: 2 }]);
    expect((await subject.outcomes('run-b')).map((entry) => entry.region)).toEqual(['eu-west-1']);
    expect(await subject.outcomes('run-c')).toEqual([]);
  });
});

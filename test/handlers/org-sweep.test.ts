/**
 * The org sweep's three Step Functions tasks, run in the order the state machine runs them, on the
 * lab: moto's Organizations lists the accounts, each unit assumes the member role through moto's
 * STS, and the aggregation sends one digest for the whole organization through SNS (read back
 * from the SQS inbox) with the unit metrics as EMF.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateVpcCommand, CreateVpcEndpointCommand } from '@aws-sdk/client-ec2';
import { CreateAccountCommand, CreateOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { EnableSecurityHubCommand, GetFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../../functions/engine/catalog.ts';
import { CHECK_IDS } from '../../functions/engine/checks/registry.ts';
import { assumeMemberRole, memberRoleArn } from '../../functions/engine/collectors/organization.ts';
import { ConfigError, InputError } from '../../functions/engine/errors.ts';
import type { OrgSweepPlan } from '../../functions/engine/fanout/plan.ts';
import { unitsOf } from '../../functions/engine/fanout/plan.ts';
import { DynamoDbUnitLedger } from '../../functions/engine/fanout/unit-ledger.ts';
import type { OrgSweepSummary } from '../../functions/engine/fanout/units.ts';
import { policyFromDocument } from '../../functions/engine/policy/load.ts';
import { securityHubExporterFor } from '../../functions/engine/securityhub/exporter.ts';
import { createAggregateHandler } from '../../functions/handlers/org-aggregate.ts';
import { createPlanHandler } from '../../functions/handlers/org-plan.ts';
import { type OrgDependencies, orgProductionDependencies } from '../../functions/handlers/org-runtime.ts';
import { createUnitHandler } from '../../functions/handlers/org-scan-unit.ts';
import { LAB_TABLES, localContext } from '../../lab/lab-deployment.ts';
import { MOTO_ACCOUNT } from '../../lab/moto.ts';
import { useLabDeployment } from '../support/lab.ts';

const ROLE = 'TrafficPrivacyMonitorReadOnly';
const handle = useLabDeployment();
let deps: OrgDependencies;
let member: string;

beforeEach(async () => {
  const { deployment } = handle;
  // The lab answers Direct Connect, File Cache and VPN tunnels from the monitor account's state
  // alone, and the TLS probes would leave the machine, so this org test leaves those areas out.
  const policy = policyFromDocument(
    {
      version: 1,
      scope: { services: ['dynamodb', 'filecache', 'pinpoint'], vpcs: { tags: { 'tpm:monitored': 'true' } } },
      checks: { exclude: ['directconnect_*', 'fsx_*', 'vpn_*', 'tls_*'] },
      trust: { organizationIds: ['o-exampleorg1'] },
    },
    'org test policy',
    { catalog: DEFAULT_CATALOG, knownCheckIds: CHECK_IDS },
  );
  deps = {
    ...deployment.deps,
    policy,
    regions: ['us-east-1'],
    ledger: new DynamoDbUnitLedger(deployment.deps.clients.client(DynamoDBClient, 'us-east-1'), LAB_TABLES.baseline),
    selfAccount: MOTO_ACCOUNT,
    memberRoleName: ROLE,
    configuredAccounts: undefined,
    exporterFor: undefined,
  };
  const organizations = deployment.deps.clients.client(OrganizationsClient, 'us-east-1');
  // The lab's seeded account may have created its organization already.
  await organizations.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' })).catch((error: Error) => {
    if (error.name !== 'AlreadyInOrganizationException') throw error;
  });
  const created = await organizations.send(new CreateAccountCommand({ AccountName: 'payments', Email: 'payments@example.com' }));
  member = created.CreateAccountStatus?.AccountId as string;
  // The member account has a VPC tagged for monitoring with a DynamoDB endpoint open to anyone.
  const clients = await assumeMemberRole(deployment.deps.clients, memberRoleArn(member, ROLE), {
    region: 'us-east-1',
    sessionName: 'seed',
  });
  const ec2 = clients.ec2('us-east-1');
  const { Vpc } = await ec2.send(
    new CreateVpcCommand({
      CidrBlock: '10.40.0.0/16',
      TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'tpm:monitored', Value: 'true' }] }],
    }),
  );
  await ec2.send(
    new CreateVpcEndpointCommand({
      VpcId: Vpc?.VpcId,
      ServiceName: 'com.amazonaws.us-east-1.dynamodb',
      VpcEndpointType: 'Gateway',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }],
      }),
    }),
  );
  clients.destroy();
});

describe('the org sweep tasks', () => {
  it('plan, scan each unit through its role, and send one digest for the organization', async () => {
    const plan = (await createPlanHandler(deps)({ runId: 'exec-1' }, localContext('org-plan'))) as OrgSweepPlan;
    expect(plan).toMatchObject({ runId: 'exec-1', regions: ['us-east-1'], accounts: [MOTO_ACCOUNT, member].sort(), skipped: [] });

    const unitHandler = createUnitHandler(deps);
    for (const unit of unitsOf(plan)) {
      expect(await unitHandler(unit, localContext('org-scan-unit'))).toEqual({
        unit: `${unit.account}/${unit.region}`,
        status: 'scanned',
      });
    }
    handle.output.clear();
    const summary = (await createAggregateHandler(deps)(plan, localContext('org-aggregate'))) as OrgSweepSummary;
    expect(summary).toMatchObject({ units: 2, scanned: 2, blind: [], missing: [], delivery: { failed: 0 } });
    const subjects = (await handle.deployment.inbox.receive()).map((email) => email.subject);
    expect(subjects.length).toBeGreaterThan(0);
    expect(subjects.some((subject) => subject.includes(' in 2 accounts: '))).toBe(true);
    expect(handle.output.metrics()).toEqual(
      expect.arrayContaining(['UnitsScanned {} 2', 'UnitsFailed {} 0', 'SweepsCompleted {} 1']),
    );

    // The next run finds nothing new: the organization hears nothing.
    const again = (await createPlanHandler(deps)({ runId: 'exec-2' }, localContext('org-plan'))) as OrgSweepPlan;
    for (const unit of unitsOf(again)) await unitHandler(unit, localContext('org-scan-unit'));
    const quiet = (await createAggregateHandler(deps)(again, localContext('org-aggregate'))) as OrgSweepSummary;
    expect(quiet.subjects).toEqual([]);
    expect(await handle.deployment.inbox.receive()).toEqual([]);
  });

  it('with tpm:securityHub, each unit imports its failures into its own account\u2019s hub, through its own role', async () => {
    // Prepare: a hub in each account (the member's through its role), and the export on.
    const memberClients = await assumeMemberRole(handle.deployment.deps.clients, memberRoleArn(member, ROLE), {
      region: 'us-east-1',
      sessionName: 'hub',
    });
    const hubs = {
      [MOTO_ACCOUNT]: handle.deployment.deps.clients.client(SecurityHubClient, 'us-east-1'),
      [member]: memberClients.client(SecurityHubClient, 'us-east-1'),
    };
    for (const hub of Object.values(hubs)) await hub.send(new EnableSecurityHubCommand({}));
    const exporting = { ...deps, exporterFor: securityHubExporterFor };
    // Act
    const plan = (await createPlanHandler(exporting)({ runId: 'hub-1' }, localContext('org-plan'))) as OrgSweepPlan;
    for (const unit of unitsOf(plan)) await createUnitHandler(exporting)(unit, localContext('org-scan-unit'));
    handle.output.clear();
    const summary = (await createAggregateHandler(exporting)(plan, localContext('org-aggregate'))) as OrgSweepSummary;
    // Assess: every finding sits in the hub of the account it is about, and the summary counts them.
    const findingsIn = async (account: string) =>
      (await (hubs[account] as SecurityHubClient).send(new GetFindingsCommand({ MaxResults: 100 }))).Findings ?? [];
    const memberFindings = await findingsIn(member);
    expect(memberFindings.length).toBeGreaterThan(0);
    expect(memberFindings.every((finding) => finding.AwsAccountId === member && finding.Id?.startsWith(`${member}/`))).toBe(true);
    expect((await findingsIn(MOTO_ACCOUNT)).every((finding) => finding.AwsAccountId === MOTO_ACCOUNT)).toBe(true);
    expect(summary.securityHub?.failed).toBe(0);
    expect(summary.securityHub?.imported).toBe(memberFindings.length + (await findingsIn(MOTO_ACCOUNT)).length);
    expect(handle.output.metrics()).toEqual(expect.arrayContaining(['SecurityHubImportFailures {} 0']));
    memberClients.destroy();
  });

  it('throws a malformed task input as an InputError (not retried), logged once with the field', async () => {
    const error = await createUnitHandler(deps)({ runId: 'exec-3', account: 'x' }, localContext('org-scan-unit')).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).field).toBe('plannedAt');
    expect(handle.output.logs().filter((line) => line.message === 'rejected malformed task input')).toHaveLength(1);
  });

  it('refuses an environment without the monitor account or member role, naming the variable', async () => {
    const error = await orgProductionDependencies({
      AWS_REGION: 'us-east-1',
      LAMBDA_TASK_ROOT: new URL('../../infra/', import.meta.url).pathname,
      TPM_POLICY_FILE: 'policy.yaml',
      TPM_BASELINE_TABLE: 'tpm-baseline',
      TPM_IDEMPOTENCY_TABLE: 'tpm-idempotency',
      TPM_MEMBER_ROLE_NAME: ROLE,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain('TPM_SELF_ACCOUNT: ');
  });
});

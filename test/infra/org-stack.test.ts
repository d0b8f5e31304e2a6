/**
 * The org-wide deployment: the member role template a StackSet deploys, the StackSet itself, and
 * the Step Functions fan-out (Distributed Map over accounts, inline Map over regions, one Lambda per
 * unit, each retried and caught on its own, one aggregation), asserted on the synthesized templates
 * with cdk-nag passing for both stacks.
 */
import { App, type Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { SCAN_PERMISSIONS } from '../../functions/engine/scan/permissions.ts';
import { buildApp } from '../../infra/app.ts';

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;
let central: Template;
let member: Template;
let definition: Record<string, unknown>;

/** The one resource of a type in a template (the test fails if there is not exactly one). */
const single = (template: Template, type: string) => {
  const found = Object.values(template.findResources(type) as Resources);
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0] as Resources[string];
};

/** The state machine's definition, with the function ARNs (CloudFormation tokens) replaced by their logical ids. */
const definitionOf = (template: Template): Record<string, unknown> => {
  const machine = single(template, 'AWS::StepFunctions::StateMachine');
  const parts = (machine.Properties.DefinitionString as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
  const text = parts
    .map((part) => (typeof part === 'string' ? part : `<${(part as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0]}>`))
    .join('');
  return JSON.parse(text) as Record<string, unknown>;
};

beforeAll(async () => {
  const app = await buildApp(
    new App({
      context: {
        'aws:cdk:bundling-stacks': [],
        'tpm:organization': 'true',
        'tpm:orgUnitIds': 'ou-ab12-34567890,ou-ab12-0987654321',
        'tpm:unitConcurrency': '40',
      },
    }),
  );
  app.synth(); // cdk-nag runs on both stacks; an unacknowledged violation throws here
  central = Template.fromStack(app.node.findChild('TrafficPrivacyMonitor') as Stack);
  member = Template.fromStack(app.node.findChild('TrafficPrivacyMonitorMemberRole') as Stack);
  definition = definitionOf(central);
}, 120_000);

describe('the member role (StackSet template)', () => {
  it('may be assumed only by the monitor unit role, and reads exactly what the checks declare', () => {
    member.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'TrafficPrivacyMonitorReadOnly',
      MaxSessionDuration: 3600,
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Condition: { ArnEquals: { 'aws:PrincipalArn': { Ref: 'MonitorUnitRoleArn' } } } })],
      },
    });
    const policy = single(member, 'AWS::IAM::Policy');
    const statements = (policy.Properties.PolicyDocument as { Statement: { Action: string[]; Resource: string }[] }).Statement;
    expect(statements).toEqual([
      expect.objectContaining({
        Action: SCAN_PERMISSIONS.filter((action) => action !== 'apigateway:GET'),
        Resource: '*',
      }),
      expect.objectContaining({ Action: 'apigateway:GET', Resource: expect.arrayContaining([expect.anything()]) }),
    ]);
    expect(JSON.stringify(statements[1])).not.toContain('"Resource":"*"');
  });

  it('needs no CDK bootstrap in member accounts', () => {
    expect(JSON.stringify(member.toJSON())).not.toMatch(/BootstrapVersion|cdk-bootstrap/);
  });
});

describe('the org fan-out', () => {
  it('deploys the member role to the OUs with a service-managed, auto-deploying StackSet', () => {
    central.hasResourceProperties('AWS::CloudFormation::StackSet', {
      PermissionModel: 'SERVICE_MANAGED',
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
      Capabilities: ['CAPABILITY_NAMED_IAM'],
      StackInstancesGroup: [
        {
          DeploymentTargets: { OrganizationalUnitIds: ['ou-ab12-34567890', 'ou-ab12-0987654321'] },
          Regions: [{ Ref: 'AWS::Region' }],
        },
      ],
      Parameters: [
        {
          ParameterKey: 'MonitorUnitRoleArn',
          ParameterValue: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OrgSweepScanUnitRole'), 'Arn'] },
        },
      ],
    });
    const stackSet = single(central, 'AWS::CloudFormation::StackSet');
    const embedded = JSON.parse(stackSet.Properties.TemplateBody as string) as { Resources: Resources };
    expect(Object.values(embedded.Resources).map((resource) => resource.Type)).toContain('AWS::IAM::Role');
  });

  it('runs plan → Distributed Map over accounts → Map over regions → one unit each → aggregate', () => {
    expect(definition.StartAt).toBe('Plan the sweep');
    const states = definition.States as Record<string, Record<string, unknown>>;
    expect(states['Plan the sweep']).toMatchObject({ Next: 'Each account', Parameters: { 'runId.$': '$$.Execution.Name' } });
    const accounts = states['Each account'] as Record<string, unknown>;
    expect(accounts).toMatchObject({
      Type: 'Map',
      ItemsPath: '$.accounts',
      ResultPath: null,
      ToleratedFailurePercentage: 100,
      // 40 units at once: 10 accounts × 4 regions (the policy's regionConcurrency).
      MaxConcurrency: 10,
      Next: 'One digest for the organization',
      ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' } },
    });
    const regions = (accounts.ItemProcessor as { States: Record<string, Record<string, unknown>> }).States[
      'Each region of the account'
    ];
    expect(regions).toMatchObject({
      Type: 'Map',
      ItemsPath: '$.regions',
      MaxConcurrency: 4,
      ItemSelector: { 'region.$': '$$.Map.Item.Value' },
    });
    const unit = ((regions as Record<string, unknown>).ItemProcessor as { States: Record<string, Record<string, unknown>> })
      .States['Scan one region of one account'];
    expect(unit?.Resource).toMatch(/^<OrgSweepScanUnitFunction/);
    // A wrong input is never retried; anything else is retried three times, then caught so the unit fails alone.
    expect(unit?.Retry).toEqual([
      { ErrorEquals: ['InputError', 'ConfigError'], MaxAttempts: 0 },
      expect.objectContaining({ ErrorEquals: ['States.ALL'], MaxAttempts: 3, BackoffRate: 2, JitterStrategy: 'FULL' }),
    ]);
    expect(unit?.Catch).toEqual([
      { ErrorEquals: ['States.ALL'], ResultPath: null, Next: 'Unit failed (the aggregator counts it)' },
    ]);
    expect(states['One digest for the organization']).toMatchObject({
      End: true,
      Resource: expect.stringMatching(/^<OrgSweepAggregateFunction/),
    });
  });

  it('starts the state machine on the schedule instead of a sweep function', () => {
    const functions = Object.values(central.findResources('AWS::Lambda::Function') as Resources).map(
      (fn) => fn.Properties.Description as string,
    );
    expect(functions.some((description) => description.includes('scheduled sweep'))).toBe(false);
    expect(
      functions.filter((description) => description.includes('org sweep') || description.includes('one region')),
    ).toHaveLength(3);
    central.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 hour)',
      Targets: [
        Match.objectLike({ Arn: { Ref: Match.stringLikeRegexp('^OrgSweepStateMachine') }, DeadLetterConfig: Match.anyValue() }),
      ],
    });
  });

  it('lets the unit role assume only the member role, and the planner only list accounts', () => {
    const statements = Object.values(central.findResources('AWS::IAM::Policy') as Resources).flatMap(
      (policy) =>
        (policy.Properties.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] }).Statement,
    );
    const assume = statements.filter((statement) => [statement.Action].flat().includes('sts:AssumeRole'));
    expect(assume).toHaveLength(1);
    expect(JSON.stringify(assume[0]?.Resource)).toContain(':role/TrafficPrivacyMonitorReadOnly');
    // …and only in accounts of the monitor's own organization (issue 17, case 9).
    expect(assume[0]).toMatchObject({ Condition: { StringEquals: { 'aws:ResourceOrgID': `$\{aws:PrincipalOrgID}` } } });
    expect(statements.filter((statement) => [statement.Action].flat().includes('organizations:ListAccounts'))).toHaveLength(1);
  });

  it('alarms when units fail, when the state machine fails, and when no org sweep completed', () => {
    central.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'UnitsFailed',
      Threshold: 1,
      AlarmActions: [Match.anyValue()],
    });
    central.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ExecutionsFailed', Namespace: 'AWS/States' });
    central.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'SweepsCompleted', TreatMissingData: 'breaching' });
  });

  it('expires the units\u2019 reports in the baseline table after their week', () => {
    central.hasResourceProperties('AWS::DynamoDB::Table', {
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
  });
});

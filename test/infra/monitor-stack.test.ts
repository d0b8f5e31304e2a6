/**
 * The synthesized single-account stack, asserted with aws-cdk-lib/assertions: triggers built from
 * the engine's own mapping table, the encrypted topic and who may use its key, the tables, the
 * alarms that page when the monitor itself is dead, and IAM that is exactly what the checks
 * declare. cdk-nag's AwsSolutions pack runs on every synth; a synth with an unacknowledged
 * violation fails, which the last test shows on purpose.
 */
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../../functions/engine/catalog.ts';
import { ConfigError } from '../../functions/engine/errors.ts';
import { changeEventPatterns, clientTlsEventPattern } from '../../functions/engine/events/event-map.ts';
import { SCAN_PERMISSIONS } from '../../functions/engine/scan/permissions.ts';
import { buildApp } from '../../infra/app.ts';
import { BASELINE_TABLE_ACTIONS, IDEMPOTENCY_TABLE_ACTIONS } from '../../infra/monitor-stack.ts';

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;
/** Every IAM statement of the role of one function, across its inline policies. */
const statementsOf = (template: Template, functionId: string): { Action: string | string[]; Resource: unknown }[] => {
  const roles = template.findResources('AWS::IAM::Role');
  const roleId = Object.keys(roles).find((id) => id.startsWith(`${functionId}Role`));
  const policies = Object.values(template.findResources('AWS::IAM::Policy') as Resources).filter((policy) =>
    JSON.stringify(policy.Properties.Roles).includes(roleId ?? '#'),
  );
  return policies.flatMap(
    (policy) => (policy.Properties.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] }).Statement,
  );
};
const actionsOf = (statements: { Action: string | string[] }[]) => statements.flatMap((statement) => [statement.Action].flat());

let template: Template;
beforeAll(async () => {
  const app = await buildApp(new App({ context: { 'tpm:alertEmails': 'secops@example.com,oncall@example.com' } }));
  app.synth(); // runs esbuild for real and cdk-nag: throws on an unacknowledged violation
  template = Template.fromStack(app.node.findChild('TrafficPrivacyMonitor') as Stack);
}, 120_000);

describe('the monitor stack', () => {
  it('keeps the logical ids deployed stacks have for its state and its named alarms, so an upgrade updates them in place', () => {
    // A changed logical id replaces the resource: a RETAIN table or key would be orphaned and a
    // new, empty one created; a named alarm would collide with its old self and fail the update.
    // These ids are the ones the stack has synthesized since the alarms were named (issue 15).
    const idsOf = (type: string) => Object.keys(template.findResources(type)).sort();
    expect(idsOf('AWS::DynamoDB::Table')).toEqual(['BaselineTableC82CDD74', 'IdempotencyTable22A5A209']);
    expect(idsOf('AWS::KMS::Key')).toEqual(['AlertKeyC50D0A1D']);
    expect(idsOf('AWS::CloudWatch::Alarm')).toEqual([
      'AlertDeliveryFailures9717A887',
      'ChangeRecheckErrorsDCD9CB3B',
      'DeadLettersBBF8BAAB',
      'MalformedEventsC9C9F7F9',
      'NoRecentSweep36BD2685',
      'ObservedClientTlsErrors7A226D0F',
      'RegressionsA6DD221A',
      'SweepErrors0130D167',
    ]);
  });

  it('runs the three handlers on Node 24, arm64, ESM, with their policy file and log group', () => {
    const functions = template.findResources('AWS::Lambda::Function') as Resources;
    expect(Object.keys(functions)).toHaveLength(3);
    for (const fn of Object.values(functions)) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        Environment: { Variables: expect.objectContaining({ TPM_POLICY_FILE: 'policy.yaml' }) },
        LoggingConfig: { LogGroup: expect.anything() },
      });
    }
    template.resourcePropertiesCountIs('AWS::Logs::LogGroup', { RetentionInDays: 90 }, 3);
    template.hasResourceProperties('AWS::Lambda::Function', { Timeout: 900, MemorySize: 1024 });
    // Failed asynchronous invocations go to the dead-letter queue after two retries.
    template.resourcePropertiesCountIs(
      'AWS::Lambda::EventInvokeConfig',
      { MaximumRetryAttempts: 2, DestinationConfig: { OnFailure: { Destination: Match.anyValue() } } },
      3,
    );
  });

  it('schedules the sweep, with a retry policy and a dead-letter queue on the target', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 hour)',
      Targets: [
        Match.objectLike({
          RetryPolicy: { MaximumRetryAttempts: 4, MaximumEventAgeInSeconds: 7200 },
          DeadLetterConfig: Match.anyValue(),
        }),
      ],
    });
  });

  it('builds the change rules from the same mapping table the change handler uses', () => {
    const rules = Object.values(template.findResources('AWS::Events::Rule') as Resources)
      .map((rule) => rule.Properties.EventPattern as { detail?: { eventName?: string[] } } | undefined)
      .filter((pattern) => pattern?.detail?.eventName);
    expect(rules).toEqual(changeEventPatterns());
    const names = rules.flatMap((pattern) => pattern?.detail?.eventName ?? []);
    expect(names).toContain('ModifyVpcEndpoint');
    expect(names).toContain('ModifySecurityGroupRules');
  });

  it('delivers every call to the monitored services, read-only ones included, to the client-TLS handler', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: clientTlsEventPattern(DEFAULT_CATALOG, ['dynamodb', 'filecache', 'pinpoint']),
      State: 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS',
    });
  });

  it('encrypts the alert topic with a key whose policy lets only this stack\u2019s alarms use it', () => {
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            Condition: {
              StringEquals: { 'aws:SourceAccount': Match.anyValue() },
              ArnLike: { 'aws:SourceArn': Match.anyValue() },
            },
          }),
        ]),
      },
    });
  });

  it('denies publishing to the topic without TLS, and lets the alarms publish', () => {
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: 'sns:Publish' }),
        ]),
      },
    });
  });

  it('subscribes the configured email addresses', () => {
    template.resourceCountIs('AWS::SNS::Subscription', 2);
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@example.com' });
  });

  it('keeps the baseline in an on-demand, encrypted table with point-in-time recovery', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
      }),
    });
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },
    });
  });

  it('pages when no complete sweep happened in two schedule periods, including when no data arrives', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'SweepsCompleted',
      Namespace: 'TrafficPrivacyMonitor',
      Period: 3600,
      EvaluationPeriods: 2,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
      AlarmActions: [Match.anyValue()],
    });
  });

  it('alarms on function errors, dead letters, delivery failures and malformed events; regressions only show', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm') as Resources).map((alarm) => alarm.Properties);
    const named = (suffix: string) => alarms.find((alarm) => JSON.stringify(alarm.AlarmName).includes(suffix));
    for (const name of [
      'SweepErrors',
      'ChangeRecheckErrors',
      'ObservedClientTlsErrors',
      'DeadLetters',
      'AlertDeliveryFailures',
      'MalformedEvents',
    ]) {
      expect(named(name)?.AlarmActions, name).toHaveLength(1);
    }
    expect(named('DeadLetters')).toMatchObject({ MetricName: 'ApproximateNumberOfMessagesVisible', Threshold: 1 });
    // The regression digest already reached the topic; the alarm must not say it a second time.
    expect(named('-Regressions')).toMatchObject({ MetricName: 'Regressions' });
    expect(named('-Regressions')?.AlarmActions).toBeUndefined();
  });

  it('grants the readers exactly the checks\u2019 read-only actions, and nothing that writes outside its own resources', () => {
    for (const reader of ['Sweep', 'ChangeRecheck']) {
      const statements = statementsOf(template, reader);
      const wildcard = statements.filter((statement) => statement.Resource === '*');
      // Every read-only action on "*" except apigateway:GET, which may read only custom domain names.
      expect(actionsOf(wildcard).sort()).toEqual(SCAN_PERMISSIONS.filter((action) => action !== 'apigateway:GET'));
      const apiGateway = statements.filter((statement) => actionsOf([statement]).includes('apigateway:GET'));
      expect(apiGateway).toHaveLength(1);
      expect(JSON.stringify(apiGateway[0]?.Resource)).toMatch(/apigateway:\*::\/domainnames/);
      expect(apiGateway[0]?.Resource).not.toBe('*');
      const actions = actionsOf(statements);
      expect(actions).toContain('sns:Publish');
      expect(actions).not.toContain('cloudwatch:PutMetricData');
      expect(
        actions.filter((action) => /^(ec2|fsx|directconnect|elasticloadbalancing):(?!Describe|Get|List)/.test(action)),
      ).toEqual([]);
    }
    // The client-TLS handler reads nothing of the estate and sends no alert.
    const clientTls = actionsOf(statementsOf(template, 'ObservedClientTls'));
    expect(clientTls.some((action) => action.startsWith('ec2:') || action === 'sns:Publish')).toBe(false);
  });

  it('lets the handlers call only what the stores call on their tables (no Scan, batch writes or stream reads)', () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy') as Resources);
    const statements = policies.flatMap(
      (policy) =>
        (policy.Properties.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] }).Statement,
    );
    const dynamo = actionsOf(statements).filter((action) => action.startsWith('dynamodb:'));
    expect([...new Set(dynamo)].sort()).toEqual([...new Set([...BASELINE_TABLE_ACTIONS, ...IDEMPOTENCY_TABLE_ACTIONS])].sort());
    for (const forbidden of ['dynamodb:Scan', 'dynamodb:BatchWriteItem', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator']) {
      expect(dynamo).not.toContain(forbidden);
    }
  });

  it('writes no IAM statement with a wildcard action', () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy') as Resources);
    const actions = policies.flatMap((policy) =>
      actionsOf((policy.Properties.PolicyDocument as { Statement: { Action: string | string[] }[] }).Statement),
    );
    expect(actions.filter((action) => action === '*' || action.endsWith(':*'))).toEqual([]);
  });
});

describe('deployment configuration', () => {
  const synthWith = async (context: Record<string, unknown>) => {
    // Bundling is skipped here: these tests look at configuration, not at the code packages.
    const app = await buildApp(new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } }));
    return Template.fromStack(app.node.findChild('TrafficPrivacyMonitor') as Stack);
  };

  it('honours the schedule, retention, tracing and client-TLS settings from context', async () => {
    const configured = await synthWith({
      'tpm:schedule': 'rate(15 minutes)',
      'tpm:logRetentionDays': '30',
      'tpm:tracing': 'true',
      'tpm:observeClientTls': 'mutating',
    });
    configured.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(15 minutes)' });
    configured.resourcePropertiesCountIs('AWS::Logs::LogGroup', { RetentionInDays: 30 }, 3);
    configured.resourcePropertiesCountIs('AWS::Lambda::Function', { TracingConfig: { Mode: 'Active' } }, 3);
    configured.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'SweepsCompleted', Period: 900 });
    const tlsRule = Object.values(configured.findResources('AWS::Events::Rule') as Resources).find((rule) =>
      JSON.stringify(rule.Properties.EventPattern ?? '').includes('dynamodb.amazonaws.com'),
    );
    expect(tlsRule?.Properties.State).toBe('ENABLED');
  });

  it('tpm:securityHub: the sweep, the re-check and the org units import into their own default product only, with an alarm', async () => {
    // Act
    const on = await synthWith({ 'tpm:securityHub': 'true' });
    const off = await synthWith({});
    // Assess: the switch reaches the functions, and only the estate readers may import.
    const environments = Object.values(on.findResources('AWS::Lambda::Function') as Resources).map(
      (fn) => (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables.TPM_SECURITY_HUB,
    );
    expect(environments).toEqual(['on', 'on', 'on']);
    const importers = ['Sweep', 'ChangeRecheck', 'ObservedClientTls'].map((name) =>
      statementsOf(on, name).filter((statement) => actionsOf([statement]).includes('securityhub:BatchImportFindings')),
    );
    expect(importers.map((statements) => statements.length)).toEqual([1, 1, 0]);
    expect(JSON.stringify(importers[0]?.[0]?.Resource)).toMatch(/securityhub:\*:.*:product\/.*\/default/);
    on.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'SecurityHubImportFailures' });
    expect(JSON.stringify(off.toJSON())).not.toContain('securityhub:BatchImportFindings');
    // The org fan-out: the unit imports for the monitor account, each member role for its own account.
    const org = await synthWith({ 'tpm:securityHub': 'true', 'tpm:organization': 'true', 'tpm:orgUnitIds': 'ou-ab12-34567890' });
    expect(
      statementsOf(org, 'OrgSweepScanUnit').filter((statement) =>
        actionsOf([statement]).includes('securityhub:BatchImportFindings'),
      ),
    ).toHaveLength(1);
    const stackSet = Object.values(org.findResources('AWS::CloudFormation::StackSet') as Resources)[0];
    expect(String(stackSet?.Properties.TemplateBody)).toContain('securityhub:BatchImportFindings');
    const plainOrg = await synthWith({ 'tpm:organization': 'true', 'tpm:orgUnitIds': 'ou-ab12-34567890' });
    const plainSet = Object.values(plainOrg.findResources('AWS::CloudFormation::StackSet') as Resources)[0];
    expect(String(plainSet?.Properties.TemplateBody)).not.toContain('securityhub');
  });

  it('leaves the client-TLS function without a trigger when it is off', async () => {
    const off = await synthWith({ 'tpm:observeClientTls': 'off' });
    const patterns = JSON.stringify(
      Object.values(off.findResources('AWS::Events::Rule') as Resources).map((rule) => rule.Properties),
    );
    expect(patterns).not.toContain('dynamodb.amazonaws.com');
  });

  it.each([
    [{ 'tpm:schedule': 'cron(0 * * * ? *)' }, 'tpm:schedule: must be a rate expression such as rate(1 hour)'],
    [{ 'tpm:schedule': 'rate(1 minute)' }, 'tpm:schedule: must be between rate(5 minutes) and rate(12 hours)'],
    [{ 'tpm:alertEmails': 'secops@example.com,not-an-email' }, 'tpm:alertEmails: must be email addresses'],
    [{ 'tpm:logRetentionDays': '31' }, "tpm:logRetentionDays: must be one of CloudWatch Logs' retention periods"],
    [{ 'tpm:alertEmail': 'typo@example.com' }, 'unknown keys tpm:alertEmail'],
    [{ 'tpm:forwardRegions': 'eu-west-1' }, 'tpm:homeRegion: tpm:forwardRegions needs tpm:homeRegion'],
  ])('rejects %j before building anything', async (context, message) => {
    const error = await synthWith(context).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(message);
  });

  it('forwards the mapped calls of every other region to the home region, with the same patterns', async () => {
    const app = await buildApp(
      new App({
        context: { 'aws:cdk:bundling-stacks': [], 'tpm:homeRegion': 'eu-west-1', 'tpm:forwardRegions': 'us-east-1,eu-west-1' },
      }),
    );
    app.synth(); // cdk-nag passes for the forwarders too
    expect((app.node.findChild('TrafficPrivacyMonitor') as Stack).region).toBe('eu-west-1');
    // The home region forwards nothing to itself.
    expect(app.node.tryFindChild('TrafficPrivacyMonitorForwarder-eu-west-1')).toBeUndefined();
    const forwarder = Template.fromStack(app.node.findChild('TrafficPrivacyMonitorForwarder-us-east-1') as Stack);
    const rules = Object.values(forwarder.findResources('AWS::Events::Rule') as Resources).map((rule) => rule.Properties);
    expect(rules.map((rule) => rule.EventPattern)).toEqual([
      ...changeEventPatterns(),
      clientTlsEventPattern(DEFAULT_CATALOG, ['dynamodb', 'filecache', 'pinpoint']),
    ]);
    for (const rule of rules) {
      expect(JSON.stringify(rule.Targets)).toContain(':events:eu-west-1:');
      expect(JSON.stringify(rule.Targets)).toContain('event-bus/default');
    }
  });

  it('validates the policy file at synth and names it and the field', async () => {
    const error = await synthWith({ 'tpm:policyFile': '../functions/engine/policy/schema.ts' }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/schema\.ts: not valid YAML/);
  });
});

describe('cdk-nag', () => {
  it('fails the synth on an unacknowledged AwsSolutions violation', () => {
    const app = new App();
    const stack = new Stack(app, 'Probe');
    new sqs.Queue(stack, 'Unencrypted', { encryption: sqs.QueueEncryption.UNENCRYPTED });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).toThrow(/Validation failed|AwsSolutions/);
  });
});

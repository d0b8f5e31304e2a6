/**
 * The org-wide sweep on Step Functions: plan → a Distributed Map over accounts → an inline Map
 * over regions → one Lambda per (account, region) unit → one aggregation.
 *
 * Why Step Functions and not SQS → Lambda: the run needs a barrier (one digest when every unit
 * is done), per-unit retries and failure isolation, and bounded concurrency, which are all
 * properties of the Map states; with a queue, "done" would have to be rebuilt by hand. The
 * Distributed Map runs each account as its own child execution, so a thousand accounts do not
 * hit a single execution's 25,000-event history limit, and ToleratedFailurePercentage 100 keeps
 * one failed account from failing the run. Inside a child, each region is caught on its own:
 * after its retries a unit fails alone, and the aggregator counts it as missing.
 */
import { Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudformation from 'aws-cdk-lib/aws-cloudformation';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { FANOUT_PERMISSIONS } from '../../functions/engine/collectors/organization.ts';
import type { DeploymentConfig } from '../config.ts';
import { MONITOR_ROLE_PARAMETER, memberRoleTemplate } from '../member-role-stack.ts';
import { acknowledge } from '../nag.ts';
import { grantEstateRead, grantSecurityHubImport } from '../permissions.ts';
import { HandlerFunction, type HandlerFunctionProps } from './handler-function.ts';

export interface OrgFanOutProps {
  readonly config: DeploymentConfig;
  /** Properties every task function shares (policy file, environment, logs, tracing). */
  readonly functionDefaults: Pick<HandlerFunctionProps, 'policyFile' | 'environment' | 'logRetention' | 'tracing'>;
  /** Regions of one account scanned at once (the policy's scope.regionConcurrency). */
  readonly regionConcurrency: number;
}

/** Errors a unit must not retry: its input is wrong, and will be wrong again. */
const NOT_RETRYABLE = ['InputError', 'ConfigError'];

export class OrgFanOut extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly tasks: Readonly<Record<'plan' | 'unit' | 'aggregate', HandlerFunction>>;

  constructor(scope: Construct, id: string, props: OrgFanOutProps) {
    super(scope, id);
    const { config } = props;
    const environment = {
      ...props.functionDefaults.environment,
      TPM_SELF_ACCOUNT: Aws.ACCOUNT_ID,
      TPM_MEMBER_ROLE_NAME: config.memberRoleName,
      ...(config.accounts?.length ? { TPM_ACCOUNTS: config.accounts.join(',') } : {}),
    };
    const task = (name: string, handler: string, description: string, timeout: Duration) =>
      new HandlerFunction(this, name, { ...props.functionDefaults, environment, handler, description, timeout });
    const plan = task('Plan', 'org-plan', 'traffic-privacy-monitor: plan the org sweep', Duration.minutes(2));
    const unit = task(
      'ScanUnit',
      'org-scan-unit',
      'traffic-privacy-monitor: scan one region of one account',
      Duration.minutes(10),
    );
    const aggregate = task(
      'Aggregate',
      'org-aggregate',
      'traffic-privacy-monitor: one digest for the org sweep',
      Duration.minutes(10),
    );
    this.tasks = { plan, unit, aggregate };

    plan.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: [...FANOUT_PERMISSIONS.planner], resources: ['*'] }));
    acknowledge(
      plan.role,
      'AwsSolutions-IAM5[Resource::*]',
      'organizations:ListAccounts supports no resource-level permissions.',
    );
    grantEstateRead(unit.role);
    // The monitor account's own unit imports into its own hub; members import through their role.
    if (config.securityHub) grantSecurityHubImport(unit.role);
    unit.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'AssumeTheMemberRoleOnly',
        actions: [...FANOUT_PERMISSIONS.unit],
        resources: [`arn:${Aws.PARTITION}:iam::*:role/${config.memberRoleName}`],
        // Only roles of accounts in the monitor's own organization, whatever else is named like it.
        // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, resolved by IAM.
        conditions: { StringEquals: { 'aws:ResourceOrgID': '${aws:PrincipalOrgID}' } },
      }),
    );
    acknowledge(
      unit.role,
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::*:role/${config.memberRoleName}]`,
      'The unit assumes the member role by name in whichever account the plan names; the account set is the organization, decided at run time.',
    );

    // The unit of work, retried on its own and caught on its own.
    const scanUnit = new tasks.LambdaInvoke(this, 'ScanUnitTask', {
      stateName: 'Scan one region of one account',
      lambdaFunction: unit.function,
      payloadResponseOnly: true,
      retryOnServiceExceptions: false,
      resultPath: sfn.JsonPath.DISCARD,
    });
    scanUnit.addRetry({ errors: NOT_RETRYABLE, maxAttempts: 0 });
    scanUnit.addRetry({
      errors: ['States.ALL'],
      interval: Duration.seconds(5),
      maxAttempts: 3,
      backoffRate: 2,
      jitterStrategy: sfn.JitterType.FULL,
    });
    scanUnit.addCatch(new sfn.Pass(this, 'UnitFailed', { stateName: 'Unit failed (the aggregator counts it)' }), {
      errors: ['States.ALL'],
      resultPath: sfn.JsonPath.DISCARD,
    });
    const regions = new sfn.Map(this, 'Regions', {
      stateName: 'Each region of the account',
      itemsPath: '$.regions',
      itemSelector: {
        'runId.$': '$.runId',
        'plannedAt.$': '$.plannedAt',
        'account.$': '$.account',
        'primaryRegion.$': '$.primaryRegion',
        'region.$': '$$.Map.Item.Value',
      },
      maxConcurrency: props.regionConcurrency,
      resultPath: sfn.JsonPath.DISCARD,
    });
    regions.itemProcessor(scanUnit);
    const accounts = new sfn.DistributedMap(this, 'Accounts', {
      stateName: 'Each account',
      itemsPath: '$.accounts',
      itemSelector: {
        'runId.$': '$.runId',
        'plannedAt.$': '$.plannedAt',
        'primaryRegion.$': '$.primaryRegion',
        'regions.$': '$.regions',
        'account.$': '$$.Map.Item.Value',
      },
      // About tpm:unitConcurrency units at once in all: accounts at once × regions at once.
      maxConcurrency: Math.max(1, Math.floor(config.unitConcurrency / props.regionConcurrency)),
      toleratedFailurePercentage: 100,
      mapExecutionType: sfn.StateMachineType.STANDARD,
      resultPath: sfn.JsonPath.DISCARD,
    });
    accounts.itemProcessor(regions);

    const definition = new tasks.LambdaInvoke(this, 'PlanTask', {
      stateName: 'Plan the sweep',
      lambdaFunction: plan.function,
      payload: sfn.TaskInput.fromObject({ runId: sfn.JsonPath.executionName }),
      payloadResponseOnly: true,
    })
      .next(accounts)
      .next(
        new tasks.LambdaInvoke(this, 'AggregateTask', {
          stateName: 'One digest for the organization',
          lambdaFunction: aggregate.function,
          payloadResponseOnly: true,
        }),
      );
    const logGroup = new logs.LogGroup(this, 'ExecutionLogs', {
      retention: props.functionDefaults.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      definitionBody: sfn.DefinitionBody.fromChainable(definition),
      timeout: Duration.hours(6),
      tracingEnabled: config.tracing,
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
    });
    if (!config.tracing) {
      acknowledge(
        this.stateMachine,
        'AwsSolutions-SF2',
        'X-Ray tracing is opt-in (tpm:tracing=true); execution logs are always on.',
      );
    }
    // cdk-nag matches each wildcard finding by its exact text, which names the logical ids.
    const stack = Stack.of(this);
    for (const fn of [plan, unit, aggregate]) {
      const logicalId = stack.getLogicalId(fn.function.node.defaultChild as lambda.CfnFunction);
      acknowledge(
        this.stateMachine,
        `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>:*]`,
        "Step Functions' LambdaInvoke grant covers the function's versions and aliases (ARN:*) of this one function.",
      );
    }
    acknowledge(
      this.stateMachine,
      'AwsSolutions-IAM5[Resource::*]',
      'CloudWatch Logs delivery (logs:CreateLogDelivery and friends) and X-Ray support no resource-level permissions.',
    );
    const machine = stack.getLogicalId(this.stateMachine.node.defaultChild as sfn.CfnStateMachine);
    const executions = `arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${machine}"}]}]}`;
    for (const pattern of [`${executions}:*`, `${executions}/*:*`]) {
      acknowledge(
        this.stateMachine,
        `AwsSolutions-IAM5[Resource::${pattern}]`,
        "The Distributed Map manages its own child executions; their names are chosen at run time, under this state machine's ARN.",
      );
    }

    // Member roles: a service-managed StackSet to the configured OUs, new accounts included automatically.
    if (config.orgUnitIds.length) {
      new cloudformation.CfnStackSet(this, 'MemberRoles', {
        stackSetName: `${config.memberRoleName}-member-roles`,
        description: 'traffic-privacy-monitor: read-only member role for the org sweep',
        permissionModel: 'SERVICE_MANAGED',
        autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
        callAs: config.stackSetCallAs,
        capabilities: ['CAPABILITY_NAMED_IAM'],
        managedExecution: { Active: true },
        operationPreferences: { maxConcurrentPercentage: 25, failureTolerancePercentage: 10, regionConcurrencyType: 'PARALLEL' },
        // IAM is global: one region per account is enough.
        stackInstancesGroup: [{ deploymentTargets: { organizationalUnitIds: config.orgUnitIds }, regions: [Aws.REGION] }],
        parameters: [{ parameterKey: MONITOR_ROLE_PARAMETER, parameterValue: unit.role.roleArn }],
        templateBody: memberRoleTemplate(config.memberRoleName, config.securityHub),
      });
    }
  }
}

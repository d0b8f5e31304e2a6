/**
 * One of the product's handlers as a Lambda function: bundled locally by esbuild (no Docker) from
 * `functions/handlers/<name>.ts` into one ESM file for Node 24 on arm64, with the policy file
 * beside it, its own log group with retention, its own role (logs to that group and nothing else
 * until the stack grants more), and failed asynchronous invocations sent to the dead-letter queue.
 */
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledge } from '../nag.ts';

/** The repository root: the bundler's project root and where the lockfile lives. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Where the bundled policy file sits in every function's package (TPM_POLICY_FILE). */
export const BUNDLED_POLICY_FILE = 'policy.yaml';

export interface HandlerFunctionProps {
  /** A handler of functions/handlers/, by file name. */
  readonly handler: string;
  readonly description: string;
  /** The validated policy file, copied next to the bundle. */
  readonly policyFile: string;
  readonly environment: Readonly<Record<string, string>>;
  readonly timeout: Duration;
  /** @default 512 */
  readonly memorySize?: number;
  readonly logRetention: logs.RetentionDays;
  readonly tracing: boolean;
  /** Failed asynchronous invocations (after Lambda's own retries) land here. */
  readonly deadLetterQueue?: sqs.IQueue;
}

export class HandlerFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: HandlerFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // A role of its own instead of AWSLambdaBasicExecutionRole: it may write to its log group only.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `traffic-privacy-monitor ${props.handler}`,
    });
    this.logGroup.grantWrite(this.role);
    const policyFile = props.policyFile;
    this.function = new NodejsFunction(this, 'Function', {
      entry: fileURLToPath(new URL(`../../functions/handlers/${props.handler}.ts`, import.meta.url)),
      handler: 'handler',
      description: props.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout,
      role: this.role,
      logGroup: this.logGroup,
      tracing: props.tracing ? lambda.Tracing.ACTIVE : lambda.Tracing.DISABLED,
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: fileURLToPath(new URL('../../package-lock.json', import.meta.url)),
      environment: {
        ...props.environment,
        TPM_POLICY_FILE: BUNDLED_POLICY_FILE,
        POWERTOOLS_SERVICE_NAME: 'traffic-privacy-monitor',
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node24',
        minify: true,
        sourceMap: true,
        // Stack traces need the mappings, not a second copy of every source file.
        sourcesContent: false,
        // Bundle the SDK too: the code runs against the versions it was tested with.
        externalModules: [],
        mainFields: ['module', 'main'],
        // Some CommonJS dependencies call require(); ESM has none until we make one.
        banner: "import{createRequire}from'module';const require=createRequire(import.meta.url);",
        forceDockerBundling: false,
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (_inputDir: string, outputDir: string) => [`cp "${policyFile}" "${outputDir}/${BUNDLED_POLICY_FILE}"`],
        },
      },
      ...(props.deadLetterQueue
        ? {
            retryAttempts: 2,
            maxEventAge: Duration.hours(6),
            onFailure: new destinations.SqsDestination(props.deadLetterQueue),
          }
        : {}),
    });
    if (props.tracing) {
      acknowledge(
        this.role,
        'AwsSolutions-IAM5[Resource::*]',
        'X-Ray PutTraceSegments and PutTelemetryRecords support no resource-level permissions.',
      );
    }
  }
}

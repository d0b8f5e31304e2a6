/**
 * Options shared by every command that runs a scan (`scan`, `demo`, later `report`): parsed
 * and validated once, with errors that name the flag and the accepted values.
 */

import { DEFAULT_CATALOG } from '../functions/engine/catalog.ts';
import { CHECK_IDS } from '../functions/engine/checks/registry.ts';
import { UsageError } from '../functions/engine/errors.ts';
import type { EffectivePolicy } from '../functions/engine/policy/effective.ts';
import { loadPolicy } from '../functions/engine/policy/load.ts';
import type { ScanResult } from '../functions/engine/scan/scan.ts';
import { isActiveFailure, SEVERITIES, type Severity, severityRank } from '../functions/engine/types.ts';
import { regionSchema, SNS_TOPIC_ARN } from '../functions/engine/validators.ts';
import { EXIT, type ExitCode } from './exit-codes.ts';
import type { Io } from './io.ts';
import { parseScanFormat, type ScanOutputFormat } from './output-format.ts';

/** A whole scan's time budget unless --deadline says otherwise. */
const DEFAULT_DEADLINE = '15m';

export const SCAN_OPTION_SPEC = {
  region: { type: 'string', short: 'r', multiple: true },
  config: { type: 'string', short: 'c' },
  profile: { type: 'string', short: 'p' },
  format: { type: 'string', short: 'f', default: 'table' },
  'fail-on': { type: 'string', default: 'low' },
  all: { type: 'boolean', short: 'a', default: false },
  quiet: { type: 'boolean', short: 'q', default: false },
  baseline: { type: 'string', short: 'b' },
  'sns-topic': { type: 'string' },
  'security-hub': { type: 'boolean', default: false },
  'publish-metrics': { type: 'boolean', default: false },
  namespace: { type: 'string' },
  report: { type: 'string' },
  deadline: { type: 'string', default: DEFAULT_DEADLINE },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export const SCAN_OPTION_HELP = `  -r, --region <code>    Region to scan; repeat for several. Default: scope.regions from the
                         policy file, else AWS_REGION.
  -c, --config <file>    Policy file (YAML or JSON). Default: built-in defaults (every VPC,
                         no required endpoints, TLS 1.2 minimum).
  -p, --profile <name>   Named profile from ~/.aws/config. Default: the SDK credential chain
                         (environment, SSO, instance role); AWS_ENDPOINT_URL is honoured.
  -f, --format <fmt>     table (default); json: one stable document for CI and tooling; ocsf:
                         a JSON array of OCSF 1.7.0 Compliance Findings (class 2003).
      --fail-on <level>  Exit 1 when an unsuppressed FAIL at or above this severity exists:
                         info, low (default), medium, high, critical, or none.
  -a, --all              List PASS and N/A findings in the table too.
  -q, --quiet            No progress lines on stderr.
  -b, --baseline <where> Remember findings and report what changed since the last run:
                         a SQLite file (.tpm/baseline.sqlite) or dynamodb:<table>.
      --sns-topic <arn>  Send each change once, as digests, to this SNS topic (needs --baseline).
      --security-hub     Import each change into AWS Security Hub as an ASFF finding (needs
                         --baseline): one finding per check and resource, updated on change,
                         archived on recovery; refused findings are sent again next run.
      --publish-metrics  Publish the run's CloudWatch metrics (PutMetricData).
      --namespace <ns>   CloudWatch namespace. Default: metrics.namespace in the policy file,
                         else TrafficPrivacyMonitor.
      --report <file>    Also write the scan as a self-contained HTML page (see tpm report).
      --deadline <time>  Stop the whole run after this long (90s, 10m; default ${DEFAULT_DEADLINE}). Regions not
                         scanned by then are reported and the exit code is 9, never 0.
  -h, --help             This help.`;

export type FailOn = Severity | 'NONE';

/** Where the baseline lives: a local SQLite file, or a DynamoDB table (the Lambda deployment's). */
export type BaselineLocation =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'dynamodb'; readonly table: string; readonly region: string };

export interface ScanSettings {
  readonly regions: readonly string[];
  readonly baseline: BaselineLocation | undefined;
  readonly snsTopicArn: string | undefined;
  /** Import transitions into Security Hub (the account's own hub in each scanned region). */
  readonly securityHub: boolean;
  /** Set when metrics are to be published, to the namespace they go to. */
  readonly metricsNamespace: string | undefined;
  readonly policy: EffectivePolicy;
  readonly format: ScanOutputFormat;
  readonly failOn: FailOn;
  readonly all: boolean;
  readonly quiet: boolean;
  readonly profile: string | undefined;
  /** Also write the HTML report here. */
  readonly report: string | undefined;
  /** The whole run's time budget, scan and outputs together. */
  readonly deadlineMs: number;
}

export interface RawScanOptions {
  readonly region?: string[] | undefined;
  readonly config?: string | undefined;
  readonly profile?: string | undefined;
  readonly format?: string | undefined;
  readonly 'fail-on'?: string | undefined;
  readonly all?: boolean | undefined;
  readonly quiet?: boolean | undefined;
  readonly baseline?: string | undefined;
  readonly 'sns-topic'?: string | undefined;
  readonly 'security-hub'?: boolean | undefined;
  readonly 'publish-metrics'?: boolean | undefined;
  readonly namespace?: string | undefined;
  readonly report?: string | undefined;
  readonly deadline?: string | undefined;
}

const DYNAMODB_TABLE = /^dynamodb:([A-Za-z0-9_.-]{3,255})$/;
const NAMESPACE = /^(?!AWS\/)[A-Za-z0-9_./#:-]{1,255}$/;

/** The SNS topic's region, from its ARN (SNS clients must call the topic's own region). */
export const topicRegion = (arn: string): string => SNS_TOPIC_ARN.exec(arn)?.[1] ?? 'us-east-1';

const parseBaseline = (value: string | undefined, fallbackRegion: string, command: string): BaselineLocation | undefined => {
  if (value === undefined) return undefined;
  if (value.trim() === '') throw new UsageError('--baseline needs a file path or dynamodb:<table>', command);
  const table = DYNAMODB_TABLE.exec(value)?.[1];
  if (value.startsWith('dynamodb:') && !table)
    throw new UsageError(`--baseline "${value}": a DynamoDB table name is 3-255 letters, digits, _ . -`, command);
  return table ? { kind: 'dynamodb', table, region: fallbackRegion } : { kind: 'sqlite', path: value };
};

export const parseFailOn = (value: string | undefined, command: string): FailOn => {
  const upper = (value ?? 'low').toUpperCase();
  if (upper === 'NONE') return 'NONE';
  if ((SEVERITIES as readonly string[]).includes(upper)) return upper as Severity;
  throw new UsageError(
    `--fail-on must be one of ${SEVERITIES.map((s) => s.toLowerCase()).join(', ')}, none; not "${value}"`,
    command,
  );
};

const DURATION = /^(\d{1,6})(ms|s|m|h)?$/;
const DURATION_UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;
const MAX_DEADLINE_MS = 24 * 3_600_000;

/** `90s`, `10m`, `1h`, `500ms` or plain seconds, between 1 second and a day. */
export const parseDeadline = (value: string | undefined, command: string): number => {
  const match = DURATION.exec((value ?? DEFAULT_DEADLINE).trim());
  const ms = match ? Number(match[1]) * DURATION_UNIT_MS[(match[2] ?? 's') as keyof typeof DURATION_UNIT_MS] : Number.NaN;
  if (!(ms >= 1000 && ms <= MAX_DEADLINE_MS))
    throw new UsageError(`--deadline "${value}" is not a time between 1s and 24h such as 90s, 10m or 1h`, command);
  return ms;
};

/** Validates flags, loads the policy and settles the regions: flags, then policy, then environment. */
export const resolveScanSettings = async (raw: RawScanOptions, io: Io, command: string): Promise<ScanSettings> => {
  const format = parseScanFormat(raw.format, command);
  const failOn = parseFailOn(raw['fail-on'], command);
  const deadlineMs = parseDeadline(raw.deadline, command);
  for (const region of raw.region ?? []) {
    if (!regionSchema.safeParse(region).success)
      throw new UsageError(`--region "${region}" is not an AWS region code such as us-east-1 (one the AWS SDK knows)`, command);
  }
  const policy = await loadPolicy(raw.config, { catalog: DEFAULT_CATALOG, knownCheckIds: CHECK_IDS });
  const envRegion = io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION;
  const regions = raw.region?.length ? [...new Set(raw.region)] : (policy.regions ?? (envRegion ? [envRegion] : undefined));
  if (!regions) {
    throw new UsageError('no region to scan: pass --region, set scope.regions in the policy file, or set AWS_REGION', command);
  }
  const baseline = parseBaseline(raw.baseline, envRegion ?? regions[0] ?? 'us-east-1', command);
  const snsTopicArn = raw['sns-topic'];
  if (snsTopicArn !== undefined && !SNS_TOPIC_ARN.test(snsTopicArn))
    throw new UsageError(
      `--sns-topic "${snsTopicArn}" is not an SNS topic ARN such as arn:aws:sns:us-east-1:123456789012:tpm-alerts`,
      command,
    );
  if (snsTopicArn !== undefined && !baseline)
    throw new UsageError('--sns-topic needs --baseline: alerts are sent once per change, and changes need a baseline', command);
  if (raw['security-hub'] && !baseline)
    throw new UsageError(
      '--security-hub needs --baseline: only changes are imported, and changes need a baseline (a SQLite file or dynamodb:<table>)',
      command,
    );
  if (raw.namespace !== undefined && !NAMESPACE.test(raw.namespace))
    throw new UsageError(
      `--namespace "${raw.namespace}" is not a CloudWatch namespace (letters, digits, . _ - / # :; not AWS/)`,
      command,
    );
  if (raw.report !== undefined && !raw.report.trim())
    throw new UsageError('--report needs a file name such as report.html', command);
  if (raw.namespace !== undefined && !raw['publish-metrics'])
    throw new UsageError('--namespace only applies with --publish-metrics', command);
  return {
    regions,
    baseline,
    snsTopicArn,
    securityHub: raw['security-hub'] ?? false,
    metricsNamespace: raw['publish-metrics'] ? (raw.namespace ?? policy.metrics.namespace) : undefined,
    policy,
    format,
    failOn,
    all: raw.all ?? false,
    quiet: raw.quiet ?? false,
    profile: raw.profile,
    report: raw.report,
    deadlineMs,
  };
};

/** The exit code a scan result earns under --fail-on. FAIL outranks ERROR; `none` never fails. */
export const gateExitCode = (result: Pick<ScanResult, 'findings'>, failOn: FailOn): ExitCode => {
  if (failOn === 'NONE') return EXIT.ok;
  const threshold = severityRank(failOn);
  if (result.findings.some((finding) => isActiveFailure(finding) && severityRank(finding.severity) >= threshold))
    return EXIT.findings;
  if (result.findings.some((finding) => finding.status === 'ERROR')) return EXIT.incomplete;
  return EXIT.ok;
};

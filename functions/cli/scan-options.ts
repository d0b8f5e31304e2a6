/**
 * Options shared by every command that runs a scan (`scan`, `demo`, later `report`): parsed
 * and validated once, with errors that name the flag and the accepted values.
 */
import { DEFAULT_CATALOG } from '../engine/catalog.ts';
import { CHECK_IDS } from '../engine/checks/registry.ts';
import type { EffectivePolicy } from '../engine/policy/effective.ts';
import { loadPolicy } from '../engine/policy/load.ts';
import { regionSchema } from '../engine/policy/schema.ts';
import type { ScanResult } from '../engine/scan/scan.ts';
import { isActiveFailure, SEVERITIES, type Severity, severityRank } from '../engine/types.ts';
import { EXIT, type ExitCode } from './exit-codes.ts';
import { type Io, UsageError } from './io.ts';

export const SCAN_OPTION_SPEC = {
  region: { type: 'string', short: 'r', multiple: true },
  config: { type: 'string', short: 'c' },
  profile: { type: 'string', short: 'p' },
  format: { type: 'string', short: 'f', default: 'table' },
  'fail-on': { type: 'string', default: 'low' },
  all: { type: 'boolean', short: 'a', default: false },
  quiet: { type: 'boolean', short: 'q', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export const SCAN_OPTION_HELP = `  -r, --region <code>    Region to scan; repeat for several. Default: scope.regions from the
                         policy file, else AWS_REGION.
  -c, --config <file>    Policy file (YAML or JSON). Default: built-in defaults (every VPC,
                         no required endpoints, TLS 1.2 minimum).
  -p, --profile <name>   Named profile from ~/.aws/config. Default: the SDK credential chain
                         (environment, SSO, instance role); AWS_ENDPOINT_URL is honoured.
  -f, --format <fmt>     table (default) or json: one stable document for CI and tooling.
      --fail-on <level>  Exit 1 when an unsuppressed FAIL at or above this severity exists:
                         info, low (default), medium, high, critical, or none.
  -a, --all              List PASS and N/A findings in the table too.
  -q, --quiet            No progress lines on stderr.
  -h, --help             This help.`;

export type OutputFormat = 'table' | 'json';
export type FailOn = Severity | 'NONE';

export interface ScanSettings {
  readonly regions: readonly string[];
  readonly policy: EffectivePolicy;
  readonly format: OutputFormat;
  readonly failOn: FailOn;
  readonly all: boolean;
  readonly quiet: boolean;
  readonly profile: string | undefined;
}

export interface RawScanOptions {
  readonly region?: string[] | undefined;
  readonly config?: string | undefined;
  readonly profile?: string | undefined;
  readonly format?: string | undefined;
  readonly 'fail-on'?: string | undefined;
  readonly all?: boolean | undefined;
  readonly quiet?: boolean | undefined;
}

export const parseFormat = (value: string | undefined, command: string): OutputFormat => {
  if (value === 'table' || value === 'json') return value;
  throw new UsageError(`--format must be "table" or "json", not "${value}"`, command);
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

/** Validates flags, loads the policy and settles the regions: flags, then policy, then environment. */
export const resolveScanSettings = async (raw: RawScanOptions, io: Io, command: string): Promise<ScanSettings> => {
  const format = parseFormat(raw.format, command);
  const failOn = parseFailOn(raw['fail-on'], command);
  for (const region of raw.region ?? []) {
    if (!regionSchema.safeParse(region).success)
      throw new UsageError(`--region "${region}" is not a region code such as us-east-1`, command);
  }
  const policy = await loadPolicy(raw.config, { catalog: DEFAULT_CATALOG, knownCheckIds: CHECK_IDS });
  const envRegion = io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION;
  const regions = raw.region?.length ? [...new Set(raw.region)] : (policy.regions ?? (envRegion ? [envRegion] : undefined));
  if (!regions) {
    throw new UsageError('no region to scan: pass --region, set scope.regions in the policy file, or set AWS_REGION', command);
  }
  return {
    regions,
    policy,
    format,
    failOn,
    all: raw.all ?? false,
    quiet: raw.quiet ?? false,
    profile: raw.profile,
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

/**
 * The scan: for each region (bounded concurrency) run the collectors the enabled checks need,
 * evaluate, then apply suppressions. The same function serves the CLI, the scheduled sweep and
 * the change re-check; only the scope differs.
 */
import { DEFAULT_CATALOG, type ServiceCatalog } from '../catalog.ts';
import type { AnyCheck } from '../checks/check.ts';
import { CHECKS } from '../checks/registry.ts';
import type { AwsClients } from '../collectors/aws-clients.ts';
import type { CollectionFocus, Collector } from '../collectors/collector.ts';
import { identifyAccount } from '../collectors/identity.ts';
import { describeOwnOrganization, type OwnOrganization } from '../collectors/organization.ts';
import { DEFAULT_COLLECTORS } from '../collectors/registry.ts';
import { mapWithConcurrency } from '../concurrency.ts';
import { CollectorError, ConfigError, CredentialsError } from '../errors.ts';
import type { CollectionName, Collections, Inventory } from '../model/inventory.ts';
import { type EffectivePolicy, isCheckEnabled, withTrustedOrganization } from '../policy/effective.ts';
import { applySuppressions, expiredSuppressions } from '../policy/suppressions.ts';
import { compareText } from '../text.ts';
import { type Finding, type FindingStatus, type Resource, severityRank } from '../types.ts';
import { evaluateInventory } from './evaluate.ts';

export interface RegionCoverage {
  readonly account: string;
  readonly region: string;
  /** complete: every needed collection was read; partial: some failed; not-scanned: never reached. */
  readonly status: 'complete' | 'partial' | 'not-scanned';
  readonly failedCollections: readonly string[];
}

export type ScanProgress =
  | { readonly kind: 'region-started'; readonly region: string; readonly index: number; readonly total: number }
  | {
      readonly kind: 'region-finished';
      readonly region: string;
      readonly done: number;
      readonly total: number;
      readonly findings: number;
      readonly durationMs: number;
    };

export interface ScanRequest {
  readonly policy: EffectivePolicy;
  readonly regions: readonly string[];
  readonly clients: AwsClients;
  readonly catalog?: ServiceCatalog;
  readonly checks?: readonly AnyCheck[];
  readonly collectors?: readonly Collector[];
  /** Skips sts:GetCallerIdentity when the caller already knows the account. */
  readonly account?: string;
  /** Skips organizations:DescribeOrganization when the caller already knows the account's organization. */
  readonly organization?: OwnOrganization;
  readonly now?: () => Date;
  readonly signal?: AbortSignal;
  readonly focus?: CollectionFocus;
  /**
   * Where global resources (CloudFront, targets without a region) are read: default, the first
   * region. A fan-out unit scanning one region of several names the estate's first region here,
   * so only that unit reads them.
   */
  readonly primaryRegion?: string;
  readonly includeResource?: (check: AnyCheck, resource: Resource) => boolean;
  /** Collections to read although no check judges them (the sweep's egress addresses). */
  readonly alsoCollect?: readonly CollectionName[];
  readonly onProgress?: (event: ScanProgress) => void;
}

export interface ScanResult {
  readonly account: string;
  readonly regions: readonly string[];
  /** The region global resources were read in (and are filed under as `global`). */
  readonly primaryRegion: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationMs: number;
  readonly checks: readonly string[];
  readonly findings: readonly Finding[];
  readonly coverage: readonly RegionCoverage[];
  readonly warnings: readonly string[];
  readonly inventories: readonly Inventory[];
  /** The account's own organization as the scan learned it (undefined when it did not ask). */
  readonly organization?: OwnOrganization | undefined;
}

const STATUS_ORDER: readonly FindingStatus[] = ['FAIL', 'ERROR', 'PASS', 'NOT_APPLICABLE'];

/** Failing first, then most severe, then stable by check and resource: the order people read. */
export const compareFindings = (a: Finding, b: Finding): number =>
  STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) ||
  severityRank(b.severity) - severityRank(a.severity) ||
  compareText(a.checkId, b.checkId) ||
  compareText(a.region, b.region) ||
  compareText(a.resourceId, b.resourceId);

const collectRegion = async (
  request: ScanRequest,
  account: string,
  region: string,
  collectors: readonly Collector[],
  needed: ReadonlySet<CollectionName>,
  shared: { primaryRegion: boolean; memo: Map<string, Promise<unknown>> },
): Promise<Inventory> => {
  const catalog = request.catalog ?? DEFAULT_CATALOG;
  const results = await Promise.all(
    collectors
      .filter((collector) => collector.provides.some((name) => needed.has(name)))
      .map(async (collector): Promise<Collections> => {
        try {
          return await collector.collect({
            account,
            region,
            policy: request.policy,
            catalog,
            clients: request.clients,
            signal: request.signal,
            focus: request.focus,
            ...shared,
          });
        } catch (error) {
          if (error instanceof CredentialsError || error instanceof ConfigError) throw error;
          // A collector bug must not pass anything: every collection it owns becomes an ERROR.
          const failure = new CollectorError({ service: collector.name, operation: 'collect', region }, { cause: error });
          return Object.fromEntries(collector.provides.map((name) => [name, { status: 'error', error: failure }])) as Collections;
        }
      }),
  );
  return { account, region, collections: Object.assign({}, ...results) as Collections };
};

/** Resolves with the work's result, or undefined as soon as `signal` aborts (the work is abandoned). */
const untilAborted = <T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T | undefined> => {
  if (!signal) return work;
  if (signal.aborted) return Promise.resolve(undefined);
  work.catch(() => undefined); // an abandoned region's late failure must not surface as unhandled
  return Promise.race([
    work,
    new Promise<undefined>((resolve) => signal.addEventListener('abort', () => resolve(undefined), { once: true })),
  ]);
};

/**
 * Trusts the account's own organization unless the policy says `trust.ownOrganization: false`:
 * an organization-bound endpoint policy is the pattern AWS recommends, and a first scan with no
 * policy file must not call it untrusted. Asked only when an enabled check reads trust. A denied
 * or failed call is a warning, not an ERROR: the account alone (and trust.*) stays trusted, so
 * the worst outcome is a false alarm, never a false PASS.
 */
const trustOwnOrganization = async (
  request: ScanRequest,
  checks: readonly AnyCheck[],
  region: string,
): Promise<{ policy: EffectivePolicy; organization: OwnOrganization | undefined; organizationWarning: string | undefined }> => {
  const wanted = request.policy.trustOwnOrganization && checks.some((check) => check.readsTrustedOrganizations);
  if (!wanted) return { policy: request.policy, organization: undefined, organizationWarning: undefined };
  const organization = request.organization ?? (await describeOwnOrganization(request.clients, region));
  if (organization.status === 'member') {
    return {
      policy: withTrustedOrganization(request.policy, organization.organizationId),
      organization,
      organizationWarning: undefined,
    };
  }
  return {
    policy: request.policy,
    organization,
    organizationWarning:
      organization.status === 'unknown'
        ? `Could not learn the account's own organization, so only the account and the policy file's trust list are trusted: ${organization.reason}.`
        : undefined,
  };
};

/** Runs a scan and returns findings sorted failing-first, with coverage per region. */
export const runScan = async (request: ScanRequest): Promise<ScanResult> => {
  const now = request.now ?? (() => new Date());
  const started = now();
  // The policy's checks.exclude applies here, once, for every entry point.
  const checks = (request.checks ?? CHECKS).filter((check) => isCheckEnabled(request.policy, check.id));
  const collectors = request.collectors ?? DEFAULT_COLLECTORS;
  const catalog = request.catalog ?? DEFAULT_CATALOG;
  const [firstRegion] = request.regions;
  if (!firstRegion) throw new RangeError('runScan needs at least one region');
  const primaryRegion = request.primaryRegion ?? firstRegion;
  const account = request.account ?? (await identifyAccount(request.clients, firstRegion));
  const { policy, organization, organizationWarning } = await trustOwnOrganization(request, checks, firstRegion);
  const needed = new Set<CollectionName>([
    ...checks.flatMap((check) => [check.subject, ...check.requires]),
    ...(request.alsoCollect ?? []),
  ]);

  const coverage: RegionCoverage[] = [];
  const inventories: Inventory[] = [];
  const findings: Finding[] = [];
  let done = 0;
  const memo = new Map<string, Promise<unknown>>();
  await mapWithConcurrency(request.regions, request.policy.regionConcurrency, async (region, index) => {
    if (request.signal?.aborted) {
      coverage.push({ account, region, status: 'not-scanned', failedCollections: [] });
      return;
    }
    const regionStart = Date.now();
    request.onProgress?.({ kind: 'region-started', region, index, total: request.regions.length });
    const inventory = await untilAborted(
      collectRegion({ ...request, policy }, account, region, collectors, needed, {
        primaryRegion: region === primaryRegion,
        memo,
      }),
      request.signal,
    );
    if (!inventory) {
      // The deadline came mid-region: what was half read proves nothing, so none of it is judged.
      coverage.push({ account, region, status: 'not-scanned', failedCollections: [] });
      return;
    }
    const regionFindings = evaluateInventory(inventory, {
      checks,
      policy,
      catalog,
      now: started,
      ...(request.includeResource ? { includeResource: request.includeResource } : {}),
    });
    const failedCollections = Object.entries(inventory.collections)
      .filter(([, collection]) => collection?.status === 'error')
      .map(([name]) => name);
    coverage.push({ account, region, status: failedCollections.length ? 'partial' : 'complete', failedCollections });
    inventories.push(inventory);
    findings.push(...regionFindings);
    done++;
    request.onProgress?.({
      kind: 'region-finished',
      region,
      done,
      total: request.regions.length,
      findings: regionFindings.length,
      durationMs: Date.now() - regionStart,
    });
  });

  const warnings = [
    ...(organizationWarning ? [organizationWarning] : []),
    ...expiredSuppressions(request.policy.suppressions, started).map(
      (rule) => `Suppression for ${rule.check} on ${rule.resource} expired on ${rule.expires}; its findings alert again.`,
    ),
  ];
  const finished = now();
  return {
    account,
    regions: [...request.regions],
    primaryRegion,
    startedAt: started.toISOString(),
    finishedAt: finished.toISOString(),
    durationMs: finished.getTime() - started.getTime(),
    checks: checks.map((check) => check.id),
    findings: applySuppressions(findings, request.policy.suppressions, started).sort(compareFindings),
    coverage: coverage.sort((a, b) => a.region.localeCompare(b.region)),
    warnings,
    inventories,
    organization,
  };
};

/**
 * Turns an inventory into findings: every enabled check over every in-scope resource of its
 * subject collection. Pure: no I/O, deterministic for a given inventory, policy and clock.
 *
 * Fail closed, always: a failed subject collection yields one ERROR finding per check for the
 * region; a failed dependency yields an ERROR per resource; a check that throws yields ERROR.
 */
import type { ServiceCatalog } from '../catalog.ts';
import type { AnyCheck, Check, EvaluationContext, InventoryView } from '../checks/check.ts';
import { describeError } from '../errors.ts';
import { type CollectionName, type CollectionTypes, collectionOf, type Inventory } from '../model/inventory.ts';
import type { EffectivePolicy } from '../policy/effective.ts';
import { type Finding, type Resource, type Verdict, WHOLE_REGION } from '../types.ts';

export interface EvaluateOptions {
  readonly checks: readonly AnyCheck[];
  readonly policy: EffectivePolicy;
  readonly catalog: ServiceCatalog;
  readonly now: Date;
  /** Re-checks evaluate only the resources a change touched. */
  readonly includeResource?: (check: AnyCheck, resource: Resource) => boolean;
}

const findingFrom = (
  check: AnyCheck,
  base: { account: string; region: string; resourceId: string },
  verdict: Verdict,
): Finding => ({
  checkId: check.id,
  title: check.title,
  status: verdict.status,
  severity: verdict.severity ?? check.severity,
  service: check.service,
  account: base.account,
  region: base.region,
  resourceType: check.resourceType,
  resourceId: verdict.facet ? `${base.resourceId}/${verdict.facet}` : base.resourceId,
  message: verdict.message,
  evidence: verdict.evidence,
  remediation: check.remediation,
  ...(verdict.monitoredService ? { monitoredService: verdict.monitoredService } : {}),
  ...(verdict.degree !== undefined ? { degree: verdict.degree } : {}),
});

/** Indexes of an inventory's collections, built on first use and shared by every check. */
const indexes = new WeakMap<Inventory, Map<string, unknown>>();
const memo = <T>(inventory: Inventory, key: string, build: () => T): T => {
  let cache = indexes.get(inventory);
  if (!cache) {
    cache = new Map();
    indexes.set(inventory, cache);
  }
  if (!cache.has(key)) cache.set(key, build());
  return cache.get(key) as T;
};

const viewFor = (check: AnyCheck, inventory: Inventory): InventoryView => {
  const items = <K extends CollectionName>(name: K): readonly Resource<CollectionTypes[K]>[] => {
    if (name !== check.subject && !check.requires.includes(name)) {
      throw new Error(`check ${check.id} read collection "${name}" without declaring it in requires`);
    }
    const collection = collectionOf(inventory, name);
    if (collection?.status !== 'ok') throw new Error(`collection "${name}" is not available`);
    return collection.items as readonly Resource<CollectionTypes[K]>[];
  };
  return {
    get: items,
    byId: (name) => {
      const all = items(name);
      return memo(inventory, `id:${name}`, () => new Map(all.map((item) => [item.id, item])));
    },
    inVpc: (name, vpcId) => {
      const all = items(name);
      const groups = memo(inventory, `vpc:${name}`, () => {
        const byVpc = new Map<string, (typeof all)[number][]>();
        for (const item of all) {
          const owner = (item.attributes as { vpcId?: unknown }).vpcId;
          if (typeof owner !== 'string') continue;
          byVpc.set(owner, [...(byVpc.get(owner) ?? []), item]);
        }
        return byVpc;
      });
      return groups.get(vpcId) ?? [];
    },
  };
};

const collectionLabel: Record<CollectionName, string> = {
  vpcs: 'VPCs',
  subnets: 'subnets',
  routeTables: 'route tables',
  vpcEndpoints: 'VPC endpoints',
  securityGroups: 'security groups',
  tlsEndpoints: 'TLS endpoints',
  elbListeners: 'load balancer listeners',
  apiGatewayDomains: 'API Gateway custom domains',
  cloudFrontDistributions: 'CloudFront distributions',
  vpnConnections: 'Site-to-Site VPN connections',
  dxConnections: 'Direct Connect connections',
  dxVirtualInterfaces: 'Direct Connect virtual interfaces',
  dxGateways: 'Direct Connect gateways',
  dxRegions: 'Direct Connect connections',
  fileCaches: 'File Caches',
  egressAddresses: 'public egress addresses',
};

const evaluateCheck = <K extends CollectionName>(check: Check<K>, inventory: Inventory, options: EvaluateOptions): Finding[] => {
  const anyCheck = check as unknown as AnyCheck;
  const { account, region } = inventory;
  const subject = collectionOf(inventory, check.subject);
  if (subject === undefined) return []; // not collected in this run (a focused re-check)
  if (subject.status === 'error') {
    return [
      findingFrom(
        anyCheck,
        { account, region, resourceId: WHOLE_REGION },
        {
          status: 'ERROR',
          message: `Could not list ${collectionLabel[check.subject]} in ${account}/${region}, so ${check.id} was not evaluated: ${describeError(subject.error)}`,
          evidence: { operation: `${subject.error.service}:${subject.error.operation}`, code: subject.error.code ?? null },
        },
      ),
    ];
  }
  const failedDependency = check.requires
    .map((name) => ({ name, collection: collectionOf(inventory, name) }))
    .find(({ collection }) => collection?.status !== 'ok');
  const ctx: EvaluationContext = {
    account,
    region,
    policy: options.policy,
    catalog: options.catalog,
    inventory: viewFor(anyCheck, inventory),
    now: options.now,
  };
  const findings: Finding[] = [];
  for (const resource of subject.items) {
    if (options.includeResource && !options.includeResource(anyCheck, resource)) continue;
    // Resources carry their own region: CloudFront's is `global`, whichever region read it.
    const base = { account: resource.account, region: resource.region, resourceId: resource.id };
    try {
      if (check.appliesTo && !check.appliesTo(resource, ctx)) continue;
      if (failedDependency) {
        const cause =
          failedDependency.collection?.status === 'error'
            ? describeError(failedDependency.collection.error)
            : 'it was not collected';
        findings.push(
          findingFrom(anyCheck, base, {
            status: 'ERROR',
            message: `Could not evaluate ${check.id} for ${resource.id}: ${collectionLabel[failedDependency.name]} are unavailable (${cause}).`,
            evidence: { missingCollection: failedDependency.name },
          }),
        );
        continue;
      }
      const verdicts = check.evaluate(resource, ctx);
      for (const verdict of Array.isArray(verdicts) ? verdicts : [verdicts as Verdict])
        findings.push(findingFrom(anyCheck, base, verdict));
    } catch (error) {
      findings.push(
        findingFrom(anyCheck, base, {
          status: 'ERROR',
          message: `Check ${check.id} could not evaluate ${resource.id}: ${describeError(error)}.`,
          evidence: { error: describeError(error) },
        }),
      );
    }
  }
  return findings;
};

/** Every enabled check over one region's inventory. */
export const evaluateInventory = (inventory: Inventory, options: EvaluateOptions): Finding[] =>
  options.checks.flatMap((check) => evaluateCheck(check as Check<CollectionName>, inventory, options));

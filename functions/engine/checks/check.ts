/**
 * The Check contract: what every file under checks/ exports, and the pure, client-free context
 * its `evaluate()` reads. `types.ts` below it stays a leaf (severities, resources, verdicts,
 * findings), so the model, the policy and the catalog can import it without a cycle.
 */

import type { ServiceCatalog } from '../catalog.ts';
import type { CollectionName, CollectionTypes } from '../model/inventory.ts';
import type { EffectivePolicy } from '../policy/effective.ts';
import type { Resource, ResourceType, Severity, Verdict } from '../types.ts';
import type { ControlMappings } from './frameworks.ts';

/** Read-only view of the collections a check declared in `requires`. */
export interface InventoryView {
  /** Items of a declared collection; throws if the check did not declare it. */
  get<K extends CollectionName>(name: K): readonly Resource<CollectionTypes[K]>[];
  /**
   * The same items by resource id, built once per inventory: a check that looks up each
   * endpoint's groups must not rebuild a map of every group for every endpoint.
   */
  byId<K extends CollectionName>(name: K): ReadonlyMap<string, Resource<CollectionTypes[K]>>;
  /** Items whose `vpcId` is this VPC, grouped once per inventory. */
  inVpc<K extends CollectionName>(name: K, vpcId: string): readonly Resource<CollectionTypes[K]>[];
}

/** Everything a check may read besides its subject. Pure data, no clients. */
export interface EvaluationContext {
  readonly account: string;
  readonly region: string;
  readonly policy: EffectivePolicy;
  readonly catalog: ServiceCatalog;
  readonly inventory: InventoryView;
  readonly now: Date;
}

/**
 * A check: metadata as data, plus a pure `evaluate()`. The id names service, resource and
 * expected state (`vpc_endpoint_policy_trusted_principals`) and equals the file name.
 */
export interface Check<K extends CollectionName = CollectionName> {
  readonly id: string;
  /** The expected state, as a statement ("VPC endpoint policies are not the full-access default"). */
  readonly title: string;
  /** The problem in a few words, for alert subjects: "VPC endpoint policy opened to *". */
  readonly headline: string;
  /** AWS service the check inspects (`vpc`, `ec2`, `tls`, …); the metric and report grouping. */
  readonly service: string;
  readonly severity: Severity;
  readonly resourceType: ResourceType;
  /** The collection whose items the check evaluates, one verdict set per item. */
  readonly subject: K;
  /** Other collections the check reads through `ctx.inventory`. */
  readonly requires: readonly CollectionName[];
  /**
   * Judges principals against the trusted organizations, to which the scan adds the account's own
   * (organizations:DescribeOrganization) while trust.ownOrganization is on. Its IAM permissions
   * are not declared here: they are those of the collections it reads (scan/permissions.ts).
   */
  readonly readsTrustedOrganizations?: true;
  /**
   * The compliance controls this check gives evidence for (checks/frameworks.ts), or an explicit
   * 'none'; a meta-test requires one or the other on every check.
   */
  readonly frameworks: ControlMappings;
  /** Why it matters: the AWS promise this check protects. */
  readonly rationale: string;
  readonly remediation: string;
  /** AWS documentation behind the rationale. */
  readonly references: readonly string[];
  /**
   * Scope filter: resources for which this returns false produce no finding at all (an endpoint
   * for an unmonitored service). "In scope but not relevant" is a NOT_APPLICABLE verdict instead.
   */
  appliesTo?(resource: Resource<CollectionTypes[K]>, ctx: EvaluationContext): boolean;
  evaluate(resource: Resource<CollectionTypes[K]>, ctx: EvaluationContext): Verdict | readonly Verdict[];
}

/** Any check in the registry, whatever its subject collection. */
export type AnyCheck = { [K in CollectionName]: Check<K> }[CollectionName];

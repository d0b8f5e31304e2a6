/**
 * IAM permissions, derived: a check needs the operations of the collectors that fill the
 * collections it reads (its subject and `requires`), and DescribeOrganization when it judges
 * trust; the scanning role needs all of them, plus what the change re-check's lookup calls.
 * Nothing here is declared: the operations live in collectors/operations.ts, at the SDK calls.
 */
import type { AnyCheck } from '../checks/check.ts';
import { CHECKS } from '../checks/registry.ts';
import type { Collector } from '../collectors/collector.ts';
import { DESCRIBE_ORGANIZATION } from '../collectors/operations.ts';
import { DEFAULT_COLLECTORS } from '../collectors/registry.ts';
import { LOCATOR_READS } from '../collectors/vpc-locator.ts';
import type { AwsOperation } from '../iam-actions.ts';
import type { CollectionName } from '../model/inventory.ts';

const actionsOf = (operations: Iterable<AwsOperation>): string[] =>
  [...new Set([...operations].map((operation) => operation.action))].sort();

const readsOf = (collection: CollectionName, collectors: readonly Collector[]): readonly AwsOperation[] =>
  collectors.flatMap((collector) => collector.reads[collection] ?? []);

const operationsOf = (check: AnyCheck, collectors: readonly Collector[]): AwsOperation[] => [
  ...[check.subject, ...check.requires].flatMap((collection) => readsOf(collection, collectors)),
  ...(check.readsTrustedOrganizations ? [DESCRIBE_ORGANIZATION] : []),
];

/** The IAM actions a scan needs for this check, sorted. */
export const permissionsOf = (check: AnyCheck, collectors: readonly Collector[] = DEFAULT_COLLECTORS): string[] =>
  actionsOf(operationsOf(check, collectors));

/**
 * Every read-only action the scanning role needs: every shipped check's, every shipped
 * collector's (the egress addresses feed no check but are kept for the CloudTrail handler), and
 * the re-check's VPC lookup. The roles the infrastructure creates are exactly this list.
 */
export const SCAN_PERMISSIONS: readonly string[] = actionsOf([
  ...CHECKS.flatMap((check) => operationsOf(check, DEFAULT_COLLECTORS)),
  ...DEFAULT_COLLECTORS.flatMap((collector) => Object.values(collector.reads).flat()),
  ...Object.values(LOCATOR_READS),
]);

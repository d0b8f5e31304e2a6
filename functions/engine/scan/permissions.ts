/**
 * IAM permissions, derived: a check needs the operations that fill the collections it reads (its
 * subject and `requires`), and DescribeOrganization when it judges trust; the scanning role needs
 * all of them, every collector's reads (the egress addresses feed no check but are kept for the
 * CloudTrail handler), and what the change re-check's lookup calls. Nothing here is declared: the
 * operations live in collectors/operations.ts and collectors/reads.ts, which load no SDK.
 */
import type { AnyCheck } from '../checks/check.ts';
import { CHECKS } from '../checks/registry.ts';
import { DESCRIBE_ORGANIZATION } from '../collectors/operations.ts';
import { COLLECTOR_READS, type CollectionReads, LOCATOR_READS } from '../collectors/reads.ts';
import type { AwsOperation } from '../iam-actions.ts';

const ALL_READS: readonly CollectionReads[] = Object.values(COLLECTOR_READS);

const actionsOf = (operations: Iterable<AwsOperation>): string[] =>
  [...new Set([...operations].map((operation) => operation.action))].sort();

const operationsOf = (check: AnyCheck, reads: readonly CollectionReads[]): AwsOperation[] => [
  ...[check.subject, ...check.requires].flatMap((collection) => reads.flatMap((read) => read[collection] ?? [])),
  ...(check.readsTrustedOrganizations ? [DESCRIBE_ORGANIZATION] : []),
];

/** The IAM actions a scan needs for this check, sorted. */
export const permissionsOf = (check: AnyCheck, reads: readonly CollectionReads[] = ALL_READS): string[] =>
  actionsOf(operationsOf(check, reads));

/** Every read-only action the scanning role needs; the roles the infrastructure creates are exactly this list. */
export const SCAN_PERMISSIONS: readonly string[] = actionsOf([
  ...CHECKS.flatMap((check) => operationsOf(check, ALL_READS)),
  ...ALL_READS.flatMap((read) => Object.values(read).flat()),
  ...Object.values(LOCATOR_READS),
]);

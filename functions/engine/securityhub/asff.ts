/**
 * A baseline record as an AWS Security Finding Format (ASFF) finding: one finding per (check,
 * resource), with a stable Id, so every later import updates it and none duplicates it. Pure:
 * the exporter (exporter.ts) sends what this builds. The field rules are the ASFF syntax
 * reference's (https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-findings-format-syntax.html).
 *
 * - Compliance.Status: PASS → PASSED, FAIL → FAILED, ERROR → WARNING (the check could not see),
 *   NOT_APPLICABLE → NOT_AVAILABLE; a resource gone from a complete listing is PASSED.
 * - RecordState ARCHIVED once the problem is over (a recovery, a deletion), ACTIVE otherwise.
 * - Workflow only on the first import: after that, the workflow is the customer's; a suppressed
 *   FAIL starts SUPPRESSED, anything else NEW.
 * - Severity and Types through FindingProviderFields too: BatchImportFindings updates them only there.
 */
import type { AwsSecurityFinding, SeverityLabel } from '@aws-sdk/client-securityhub';
import { type BaselineRecord, keyId } from '../baseline/types.ts';
import type { AnyCheck } from '../checks/check.ts';
import { controlLabels, relatedRequirements } from '../checks/frameworks.ts';
import { RESOURCE_TYPES, type ResourceType, type Severity } from '../types.ts';

export type AsffFinding = AwsSecurityFinding;

/** ASFF rejects a finding above 240 KB; every finding built here stays far below it. */
export const ASFF_FINDING_LIMIT_BYTES = 240 * 1024;

/** Where findings are imported: an account's own hub, in one region, in one partition. */
export interface AsffTarget {
  readonly partition: string;
  /** The region whose hub receives the finding (global resources go to the scan's first region). */
  readonly region: string;
}

export const defaultProductArn = (target: AsffTarget, account: string): string =>
  `arn:${target.partition}:securityhub:${target.region}:${account}:product/${account}/default`;

/** The closest ASFF resource type (the ASFF "Resources" type list), else Other. */
const ASFF_RESOURCE_TYPE: Partial<Record<ResourceType, string>> = {
  [RESOURCE_TYPES.vpc]: 'AwsEc2Vpc',
  [RESOURCE_TYPES.subnet]: 'AwsEc2Subnet',
  [RESOURCE_TYPES.routeTable]: 'AwsEc2RouteTable',
  [RESOURCE_TYPES.securityGroup]: 'AwsEc2SecurityGroup',
  [RESOURCE_TYPES.cloudFrontDistribution]: 'AwsCloudFrontDistribution',
  [RESOURCE_TYPES.vpnConnection]: 'AwsEc2VpnConnection',
  [RESOURCE_TYPES.egressAddress]: 'AwsEc2Eip',
};
export const asffResourceType = (type: string): string => ASFF_RESOURCE_TYPE[type as ResourceType] ?? 'Other';

const SEVERITY_LABEL: Record<Severity, SeverityLabel> = {
  INFO: 'INFORMATIONAL',
  LOW: 'LOW',
  MEDIUM: 'MEDIUM',
  HIGH: 'HIGH',
  CRITICAL: 'CRITICAL',
};

const COMPLIANCE_STATUS: Record<BaselineRecord['status'], string> = {
  PASS: 'PASSED',
  FAIL: 'FAILED',
  SUPPRESSED: 'FAILED',
  ERROR: 'WARNING',
  NOT_APPLICABLE: 'NOT_AVAILABLE',
  GONE: 'PASSED',
  UNKNOWN: 'NOT_AVAILABLE',
};

/** "Software and Configuration Checks" is ASFF's namespace for posture findings. */
const TYPES = ['Software and Configuration Checks/AWS Security Best Practices'];

/** ASFF's length limits (characters) for the fields a check's text fills. */
const LIMITS = { title: 256, description: 1024, recommendation: 512, productField: 2048 } as const;

const cut = (text: string, limit: number): string => (text.length <= limit ? text : `${text.slice(0, limit - 1)}…`);

/**
 * The finding for a record as it stands. `created` says whether this key was imported before
 * (then Workflow is left to the customer); `check` is the registry's entry (absent for a check
 * that no longer exists: the record's own snapshot still describes it).
 */
export const asffFindingOf = (
  record: BaselineRecord,
  check: AnyCheck | undefined,
  target: AsffTarget,
  options: { readonly created: boolean },
): AsffFinding => {
  const { snapshot } = record;
  const over = record.status === 'GONE' || record.status === 'PASS';
  const label: SeverityLabel = over ? 'INFORMATIONAL' : SEVERITY_LABEL[snapshot.severity];
  const severity = { Label: label, Original: snapshot.severity };
  const mappings = check?.frameworks ?? 'none';
  const description =
    record.status === 'GONE' ? `No longer present in a complete listing; last seen: ${snapshot.message}` : snapshot.message;
  const productFields: Record<string, string> = {
    'tpm/checkId': record.checkId,
    'tpm/status': record.status,
    'tpm/evidenceDigest': snapshot.evidenceDigest,
    'tpm/evidence': cut(snapshot.evidencePreview, LIMITS.productField),
    ...(snapshot.monitoredService ? { 'tpm/monitoredService': snapshot.monitoredService } : {}),
    ...(check ? { 'tpm/service': check.service } : {}),
    ...(mappings !== 'none' ? { 'tpm/controls': cut(controlLabels(mappings).join(', '), LIMITS.productField) } : {}),
  };
  return {
    SchemaVersion: '2018-10-08',
    // The baseline key is the finding's Id (`<account>/<region>/<checkId>/<resourceId>`): one per key, ever.
    Id: keyId(record),
    ProductArn: defaultProductArn(target, record.account),
    GeneratorId: record.checkId,
    AwsAccountId: record.account,
    Region: target.region,
    Types: TYPES,
    CreatedAt: record.firstSeen,
    UpdatedAt: record.lastChanged < record.firstSeen ? record.firstSeen : record.lastChanged,
    FirstObservedAt: record.firstSeen,
    LastObservedAt: record.lastObserved,
    Severity: severity,
    FindingProviderFields: { Severity: severity, Types: TYPES },
    Title: cut(check?.title ?? record.checkId, LIMITS.title),
    Description: cut(description || check?.title || record.checkId, LIMITS.description),
    ...(check
      ? {
          Remediation: {
            Recommendation: {
              Text: cut(check.remediation, LIMITS.recommendation),
              ...(check.references[0] ? { Url: check.references[0] } : {}),
            },
          },
        }
      : {}),
    ProductFields: productFields,
    Resources: [
      {
        Type: asffResourceType(check?.resourceType ?? ''),
        Id: record.resourceId,
        Partition: target.partition as 'aws',
        Region: target.region,
      },
    ],
    Compliance: {
      Status: COMPLIANCE_STATUS[record.status] as 'PASSED',
      RelatedRequirements: relatedRequirements(mappings),
    },
    RecordState: over ? 'ARCHIVED' : 'ACTIVE',
    ...(options.created
      ? {}
      : { Workflow: { Status: snapshot.suppressed || record.status === 'SUPPRESSED' ? 'SUPPRESSED' : 'NEW' } }),
  };
};

/** The finding's size as Security Hub counts it (its JSON), to keep each under the limit. */
export const asffSizeOf = (finding: AsffFinding): number => Buffer.byteLength(JSON.stringify(finding));

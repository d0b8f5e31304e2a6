/**
 * A scan's findings as OCSF 1.7.0 Compliance Finding events (class 2003, category Findings), one
 * per finding, for a data lake or SIEM that reads OCSF (Amazon Security Lake, for one). The
 * record shapes are the OCSF schema's (https://schema.ocsf.io/1.7.0/classes/compliance_finding);
 * the tests validate every record against the schema as published, shipped as test data.
 *
 * - compliance.status_id: PASS → 1 Pass, FAIL → 3 Fail, ERROR → 2 Warning ("did not yield a
 *   result due to missing information"); NOT_APPLICABLE has no id and says so in `status`.
 * - status_id (the finding's own workflow): 3 Suppressed for an accepted FAIL, else 1 New.
 * - activity_id 1 Create: a scan reports the state it saw; the baseline's changes are elsewhere.
 */

import { keyId } from '../baseline/types.ts';
import { controlLabels, FRAMEWORKS } from '../checks/frameworks.ts';
import { checkById } from '../checks/registry.ts';
import type { ScanResult } from '../scan/scan.ts';
import { TOOL } from '../tool.ts';
import type { Finding, Severity } from '../types.ts';
import { partitionNameOf } from '../validators.ts';

export const OCSF_VERSION = '1.7.0';
const COMPLIANCE_FINDING = { uid: 2003, name: 'Compliance Finding' } as const;
const FINDINGS_CATEGORY = { uid: 2, name: 'Findings' } as const;
const CREATE = { id: 1, name: 'Create' } as const;

const SEVERITY_ID: Record<Severity, { id: number; name: string }> = {
  INFO: { id: 1, name: 'Informational' },
  LOW: { id: 2, name: 'Low' },
  MEDIUM: { id: 3, name: 'Medium' },
  HIGH: { id: 4, name: 'High' },
  CRITICAL: { id: 5, name: 'Critical' },
};

const COMPLIANCE_STATUS: Record<Finding['status'], { id?: number; name: string }> = {
  PASS: { id: 1, name: 'Pass' },
  FAIL: { id: 3, name: 'Fail' },
  ERROR: { id: 2, name: 'Warning' },
  NOT_APPLICABLE: { name: 'Not Applicable' },
};

export type OcsfComplianceFinding = Record<string, unknown>;

/** One finding as an OCSF Compliance Finding, observed at `time` (epoch milliseconds). */
export const toOcsfFinding = (finding: Finding, time: number): OcsfComplianceFinding => {
  const check = checkById(finding.checkId);
  const mappings = check?.frameworks ?? 'none';
  const suppressed = finding.status === 'FAIL' && finding.suppression?.state === 'active';
  const compliance = COMPLIANCE_STATUS[finding.status];
  const severity = SEVERITY_ID[finding.severity];
  return {
    activity_id: CREATE.id,
    activity_name: CREATE.name,
    category_uid: FINDINGS_CATEGORY.uid,
    category_name: FINDINGS_CATEGORY.name,
    class_uid: COMPLIANCE_FINDING.uid,
    class_name: COMPLIANCE_FINDING.name,
    type_uid: COMPLIANCE_FINDING.uid * 100 + CREATE.id,
    type_name: `${COMPLIANCE_FINDING.name}: ${CREATE.name}`,
    time,
    severity_id: severity.id,
    severity: severity.name,
    status_id: suppressed ? 3 : 1,
    status: suppressed ? 'Suppressed' : 'New',
    message: finding.message,
    metadata: {
      version: OCSF_VERSION,
      product: { name: TOOL.name, vendor_name: TOOL.name, version: TOOL.version },
    },
    finding_info: {
      uid: keyId(finding),
      title: finding.title,
      desc: finding.message,
      types: [finding.service],
    },
    compliance: {
      ...(compliance.id !== undefined ? { status_id: compliance.id } : {}),
      status: compliance.name,
      control: finding.checkId,
      standards: mappings === 'none' ? [] : [...new Set(mappings.map((control) => FRAMEWORKS[control.framework].name))],
      requirements: controlLabels(mappings),
    },
    resources: [
      {
        uid: finding.resourceId,
        type: finding.resourceType,
        region: finding.region,
        cloud_partition: partitionNameOf(finding.region),
        owner: { account: { uid: finding.account, type: 'AWS Account', type_id: 10 } },
      },
    ],
    remediation: { desc: finding.remediation, ...(check ? { references: [...check.references] } : {}) },
    unmapped: {
      evidence: finding.evidence,
      ...(finding.monitoredService ? { monitored_service: finding.monitoredService } : {}),
      ...(finding.suppression ? { suppression: finding.suppression } : {}),
    },
  };
};

/** Every finding of a scan, observed when the scan finished. */
export const toOcsfFindings = (result: Pick<ScanResult, 'findings' | 'finishedAt'>): OcsfComplianceFinding[] =>
  result.findings.map((finding) => toOcsfFinding(finding, Date.parse(result.finishedAt)));

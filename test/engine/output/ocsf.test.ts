/**
 * `tpm scan --format ocsf`: every finding as an OCSF Compliance Finding (class 2003), validated
 * against the OCSF 1.7.0 schema as published (test/support/ocsf/compliance-finding-1.7.0.json,
 * extracted from github.com/ocsf/ocsf-schema at the v1.7.0 release commit by extract.py), and
 * the validator itself shown to catch what it must.
 */
import { describe, expect, it } from 'vitest';
import { OCSF_VERSION, toOcsfFindings } from '../../../functions/engine/output/ocsf.ts';
import { finding, scanResult } from '../../support/baseline.ts';
import { COMPLIANCE_FINDING_SCHEMA, validateComplianceFinding } from '../../support/ocsf/validate.ts';

/** The parts of a record the assertions read. */
interface OcsfView {
  readonly compliance: { status_id?: number; status: string; control: string; standards: string[]; requirements: string[] };
  readonly status_id: number;
  readonly finding_info: { uid: string };
  readonly resources: Record<string, unknown>[];
  readonly metadata: Record<string, unknown>;
}

const suppression = { state: 'active' as const, reason: 'accepted', expires: '2099-01-01', resourcePattern: 'vpce-s' };
const records = toOcsfFindings(
  scanResult([
    finding('vpce-pass', 'PASS'),
    finding('vpce-fail', 'FAIL'),
    finding('vpce-error', 'ERROR', { message: 'Could not list VPC endpoints' }),
    finding('vpce-na', 'NOT_APPLICABLE'),
    finding('vpce-s', 'FAIL', { suppression }),
    finding('dynamodb.us-east-1.amazonaws.com:443', 'FAIL', {
      checkId: 'tls_endpoint_minimum_version_enforced',
      resourceType: 'TPM::TLS::Endpoint',
      severity: 'CRITICAL',
    }),
    finding('E2ABCDEF', 'PASS', { region: 'global', checkId: 'cloudfront_distribution_tls_policy_minimum_version' }),
  ]),
);

describe('OCSF Compliance Finding output', () => {
  it('validates every record against the OCSF 1.7.0 Compliance Finding schema', () => {
    expect(COMPLIANCE_FINDING_SCHEMA.ocsf_version).toBe(OCSF_VERSION);
    expect(COMPLIANCE_FINDING_SCHEMA.source).toMatch(/github\.com\/ocsf\/ocsf-schema\/tree\/[0-9a-f]{40}$/);
    expect(records).toHaveLength(7);
    for (const record of records) expect(validateComplianceFinding(record)).toEqual([]);
  });

  it('maps status, severity, suppression and the framework controls as the schema defines them', () => {
    const [pass, fail, error, na, suppressed, tls] = records as unknown as OcsfView[];
    expect(pass?.compliance).toMatchObject({
      status_id: 1,
      status: 'Pass',
      control: 'vpc_endpoint_policy_wildcard_principal_bounded',
    });
    expect(fail?.compliance).toMatchObject({
      status_id: 3,
      standards: ['NIST SP 800-53 Rev. 5'],
      requirements: ['NIST.800-53.r5 AC-4', 'NIST.800-53.r5 SC-7'],
    });
    expect(error?.compliance).toMatchObject({ status_id: 2, status: 'Warning' });
    expect(na?.compliance.status_id).toBeUndefined();
    expect(suppressed).toMatchObject({ status_id: 3, status: 'Suppressed' });
    expect(tls).toMatchObject({ severity_id: 5, severity: 'Critical', class_uid: 2003, type_uid: 200301 });
    expect(tls?.compliance.requirements).toEqual(expect.arrayContaining(['PCI DSS v4.0/4.2.1', 'NIST.800-53.r5 SC-8(1)']));
    expect(fail?.finding_info.uid).toBe('111122223333/us-east-1/vpc_endpoint_policy_wildcard_principal_bounded/vpce-fail');
    expect(fail?.resources[0]).toMatchObject({ uid: 'vpce-fail', owner: { account: { uid: '111122223333', type_id: 10 } } });
  });

  it('has a validator that catches a missing required attribute, a value outside an enum, an unknown attribute and a wrong type', () => {
    const [record] = records as unknown as OcsfView[];
    const broken = {
      ...record,
      severity_id: 7,
      time: '2026-12-02',
      surprise: true,
      finding_info: { title: 'no uid' },
      metadata: { ...record?.metadata, product: {} },
    };
    expect(validateComplianceFinding(broken).sort()).toEqual(
      [
        '$.finding_info.uid: is required',
        '$.metadata.product: needs at least one of name, uid',
        '$.severity_id: 7 is not in its enum',
        '$.surprise: is not an attribute of this class or object',
        '$.time: is "2026-12-02", not a timestamp_t',
      ].sort(),
    );
    expect(validateComplianceFinding({ ...record, class_uid: 2004 })).toContain('$.class_uid: must be 2003');
  });
});

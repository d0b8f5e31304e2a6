/**
 * A baseline record as an ASFF finding, field by field against the ASFF syntax reference
 * (https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-findings-format-syntax.html):
 * the required attributes, the documented length limits, the default product ARN in every
 * partition, the closest resource type, and the status, record state and workflow rules.
 */
import { describe, expect, it } from 'vitest';
import { checkById } from '../../../functions/engine/checks/registry.ts';
import {
  ASFF_FINDING_LIMIT_BYTES,
  asffFindingOf,
  asffResourceType,
  asffSizeOf,
} from '../../../functions/engine/securityhub/asff.ts';
import { partitionNameOf } from '../../../functions/engine/validators.ts';
import { baselineRecord, snapshot } from '../../support/baseline.ts';

const CHECK = checkById('vpc_endpoint_policy_wildcard_principal_bounded');
const TARGET = { partition: 'aws', region: 'us-east-1' };

describe('asffFindingOf', () => {
  it('fills every attribute ASFF requires, with the Id <account>/<region>/<checkId>/<resourceId>', () => {
    const finding = asffFindingOf(
      baselineRecord('vpce-1', { status: 'FAIL', snapshot: snapshot({ status: 'FAIL', message: 'opened to *' }) }),
      CHECK,
      TARGET,
      { created: false },
    );
    for (const required of [
      'AwsAccountId',
      'CreatedAt',
      'Description',
      'GeneratorId',
      'Id',
      'ProductArn',
      'Resources',
      'SchemaVersion',
      'Severity',
      'Title',
      'Types',
      'UpdatedAt',
    ])
      expect(finding, required).toHaveProperty(required);
    expect(finding.Id).toBe('111122223333/us-east-1/vpc_endpoint_policy_wildcard_principal_bounded/vpce-1');
    expect(finding).toMatchObject({ Compliance: { Status: 'FAILED' }, RecordState: 'ACTIVE', Workflow: { Status: 'NEW' } });
  });

  it('keeps within the documented limits: Title 256, Description 1024, Recommendation.Text 512, ProductFields values 2048', () => {
    const long = 'x'.repeat(10_000);
    const finding = asffFindingOf(
      baselineRecord('vpce-1', {
        status: 'FAIL',
        snapshot: snapshot({ status: 'FAIL', message: long, evidencePreview: long }),
      }),
      CHECK && { ...CHECK, title: long, remediation: long },
      TARGET,
      { created: true },
    );
    expect(finding.Title?.length).toBe(256);
    expect(finding.Description?.length).toBe(1024);
    expect(finding.Remediation?.Recommendation?.Text?.length).toBe(512);
    for (const value of Object.values(finding.ProductFields ?? {})) expect(value.length).toBeLessThanOrEqual(2048);
    expect(Object.keys(finding.ProductFields ?? {}).length).toBeLessThanOrEqual(50);
    expect(asffSizeOf(finding)).toBeLessThan(ASFF_FINDING_LIMIT_BYTES / 20);
    // After creation the workflow is the customer's: it is never sent again.
    expect(finding.Workflow).toBeUndefined();
  });

  it('archives what is over: a deletion and a recovery are PASSED, INFORMATIONAL, ARCHIVED; an ERROR is a WARNING', () => {
    const gone = asffFindingOf(baselineRecord('vpce-1', { status: 'GONE' }), CHECK, TARGET, { created: true });
    const fixed = asffFindingOf(baselineRecord('vpce-1', { status: 'PASS' }), CHECK, TARGET, { created: true });
    const blind = asffFindingOf(
      baselineRecord('vpce-1', { status: 'ERROR', snapshot: snapshot({ status: 'ERROR' }) }),
      CHECK,
      TARGET,
      { created: true },
    );
    expect(gone).toMatchObject({
      Compliance: { Status: 'PASSED' },
      RecordState: 'ARCHIVED',
      Severity: { Label: 'INFORMATIONAL' },
    });
    expect(gone.Description).toMatch(/^No longer present/);
    expect(fixed).toMatchObject({ Compliance: { Status: 'PASSED' }, RecordState: 'ARCHIVED' });
    expect(blind).toMatchObject({ Compliance: { Status: 'WARNING' }, RecordState: 'ACTIVE', Severity: { Label: 'HIGH' } });
  });

  it('names the default product of the partition the region is in, and the closest resource type', () => {
    const gov = asffFindingOf(
      baselineRecord('sg-1'),
      CHECK,
      { partition: partitionNameOf('us-gov-west-1'), region: 'us-gov-west-1' },
      {
        created: true,
      },
    );
    expect(gov.ProductArn).toBe('arn:aws-us-gov:securityhub:us-gov-west-1:111122223333:product/111122223333/default');
    expect(partitionNameOf('cn-north-1')).toBe('aws-cn');
    expect(asffResourceType('AWS::EC2::SecurityGroup')).toBe('AwsEc2SecurityGroup');
    expect(asffResourceType('AWS::EC2::VPNConnection')).toBe('AwsEc2VpnConnection');
    expect(asffResourceType('AWS::CloudFront::Distribution')).toBe('AwsCloudFrontDistribution');
    // ASFF has no VPC endpoint or Direct Connect type: Other, as the reference says for the rest.
    expect(asffResourceType('AWS::EC2::VPCEndpoint')).toBe('Other');
    expect(asffResourceType('AWS::DirectConnect::Connection')).toBe('Other');
  });
});

/**
 * The one definition of account ids, regions and SNS topic ARNs, against the AWS SDK's partition
 * data (@aws-sdk/core): every partition's regions pass, a plausible typo does not, and the
 * CloudTrail event schema, the CLI and the CDK context all use it.
 */
import { describe, expect, it } from 'vitest';
import { accountIdSchema, isKnownRegion, SNS_TOPIC_ARN } from '../../functions/engine/validators.ts';
import { CloudTrailDetailSchema } from '../../functions/handlers/schemas.ts';

describe('validators', () => {
  it.each(['us-east-1', 'eu-central-2', 'us-gov-west-1', 'cn-north-1', 'us-iso-east-1', 'ap-southeast-5'])(
    'knows the region %s',
    (region) => expect(isKnownRegion(region)).toBe(true),
  );

  it.each(['us-east-9', 'US-EAST-1', 'useast1', 'us-east-1 ', ''])('refuses %j', (region) =>
    expect(isKnownRegion(region)).toBe(false),
  );

  it('reads the region and account of an SNS topic ARN in any partition', () => {
    expect(SNS_TOPIC_ARN.exec('arn:aws-us-gov:sns:us-gov-west-1:123456789012:tpm')?.slice(1)).toEqual([
      'us-gov-west-1',
      '123456789012',
    ]);
    expect(SNS_TOPIC_ARN.test('arn:aws:sns:us-east-1:12345678901:tpm')).toBe(false);
  });

  it('is what the CloudTrail schema uses: a GovCloud record passes, an unknown region is named', () => {
    const detail = {
      eventID: 'e',
      eventTime: '2026-12-01T00:00:00Z',
      eventSource: 'ec2.amazonaws.com',
      eventName: 'ModifyVpcEndpoint',
      awsRegion: 'us-gov-west-1',
    };
    expect(CloudTrailDetailSchema.safeParse(detail).success).toBe(true);
    const unknown = CloudTrailDetailSchema.safeParse({ ...detail, awsRegion: 'us-east-9' });
    expect(unknown.error?.issues[0]).toMatchObject({ path: ['awsRegion'], message: expect.stringContaining('AWS region code') });
    expect(accountIdSchema.safeParse('1234').success).toBe(false);
  });
});

/**
 * The one definition of each identifier the product reads from outside: account ids, region
 * codes (against the AWS SDK's own partition data, so `-gov`, `-iso` and `cn-` regions pass and
 * `us-east-9` does not), organization ids and SNS topic ARNs. Every schema, handler, CLI flag and
 * the CDK app's context use these; the messages name what was expected.
 */
import { partition } from '@aws-sdk/core/client';
import { z } from 'zod';

export const ACCOUNT_ID = /^\d{12}$/;

export const accountIdSchema = z.string().regex(ACCOUNT_ID, { error: 'must be a 12-digit AWS account id' });

export const organizationIdSchema = z
  .string()
  .regex(/^o-[a-z0-9]{10,32}$/, { error: 'must be an AWS Organizations id such as o-a1b2c3d4e5' });

/** The shape of a region code in every partition (us-east-1, us-gov-west-1, us-iso-east-1, cn-north-1). */
const REGION_SHAPE = '[a-z]+(?:-[a-z]+)+-\\d{1,2}';

/**
 * A region the AWS SDK's partition data lists. A region AWS launched after this SDK was built
 * needs a newer tpm.
 */
export const isKnownRegion = (region: string): boolean =>
  new RegExp(`^${REGION_SHAPE}$`).test(region) && (partition(region) as { description?: string }).description !== undefined;

/** The partition a region belongs to (aws, aws-cn, aws-us-gov, …), for ARNs; `aws` for a region the SDK does not know. */
export const partitionNameOf = (region: string): string => (partition(region) as { name?: string }).name ?? 'aws';

export const regionSchema = z.string().refine(isKnownRegion, {
  error: 'must be an AWS region code such as us-east-1 (one the AWS SDK knows; a newly launched region needs a newer tpm)',
});

/** arn:<partition>:sns:<region>:<account>:<name>; the region and account are captured. */
export const SNS_TOPIC_ARN = new RegExp(`^arn:aws[a-z-]*:sns:(${REGION_SHAPE}):(\\d{12}):[A-Za-z0-9_-]{1,256}$`);

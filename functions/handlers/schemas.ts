/**
 * The events the handlers accept, as zod schemas on top of Powertools' EventBridge schema. Field
 * names follow the CloudTrail record contents reference; unknown fields are kept (AWS adds them).
 */
import { EventBridgeSchema } from '@aws-lambda-powertools/parser/schemas/eventbridge';
import { z } from 'zod';
import { treeBoundsProblem } from '../engine/tree.ts';
import { accountIdSchema, regionSchema } from '../engine/validators.ts';

const ACCOUNT = accountIdSchema;
const REGION = regionSchema;

/**
 * A record's request or response: any JSON object, within bounds no genuine record comes near,
 * checked iteratively before anything walks it (a value nested 20,000 deep is a rejection).
 */
const boundedTree = z
  .record(z.string(), z.unknown())
  .nullish()
  .superRefine((value, ctx) => {
    const problem = treeBoundsProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** `detail` of an "AWS API Call via CloudTrail" event. */
export const CloudTrailDetailSchema = z.looseObject({
  eventVersion: z.string().optional(),
  eventID: z.string().min(1),
  eventTime: z.iso.datetime({ offset: true }),
  eventSource: z
    .string()
    .regex(/^[a-z0-9-]+(\.[a-z0-9-]+)*\.amazonaws\.com$/, { error: 'must be a service host such as ec2.amazonaws.com' }),
  eventName: z.string().regex(/^[A-Za-z0-9]+$/, { error: 'must be an API action name such as ModifyVpcEndpoint' }),
  awsRegion: REGION,
  sourceIPAddress: z.string().optional(),
  userIdentity: z
    .looseObject({ type: z.string().optional(), arn: z.string().optional(), accountId: z.string().optional() })
    .optional(),
  requestParameters: boundedTree,
  responseElements: boundedTree,
  errorCode: z.string().optional(),
  errorMessage: z.string().optional(),
  recipientAccountId: ACCOUNT.optional(),
  tlsDetails: z
    .looseObject({
      tlsVersion: z.string().optional(),
      cipherSuite: z.string().optional(),
      clientProvidedHostHeader: z.string().optional(),
    })
    .optional(),
  vpcEndpointId: z.string().optional(),
});

export const CloudTrailApiCallEventSchema = EventBridgeSchema.extend({
  'detail-type': z.literal('AWS API Call via CloudTrail'),
  account: ACCOUNT,
  detail: CloudTrailDetailSchema,
});
export type CloudTrailApiCallEvent = z.infer<typeof CloudTrailApiCallEventSchema>;

/** An EventBridge schedule ("rate(1 hour)") firing. */
export const ScheduledEventSchema = EventBridgeSchema.extend({
  'detail-type': z.literal('Scheduled Event'),
  source: z.literal('aws.events'),
  account: ACCOUNT,
  region: REGION,
});
export type ScheduledEvent = z.infer<typeof ScheduledEventSchema>;

/**
 * The estate reader's IAM, derived rather than written: the checks declare the actions their
 * collectors call (a meta-test holds them to it), and every reader role, in the monitor account
 * or a member account, gets exactly that list.
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import { READ_PERMISSIONS } from '../functions/engine/checks/registry.ts';

/** The resource-wildcard reason every read-only grant shares (cdk-nag AwsSolutions-IAM5). */
export const DESCRIBE_WILDCARD_REASON =
  'The EC2, ELB, Direct Connect, FSx, CloudFront, API Gateway and Organizations (DescribeOrganization) read APIs the monitor calls (Describe*, List*, Get*, apigateway:GET) are listed one by one and support no resource-level permissions; the role can read configuration and change nothing.';

/** The read-only statement of an estate reader. */
export const estateReadStatement = (): iam.PolicyStatement =>
  new iam.PolicyStatement({ sid: 'ReadEstateConfiguration', actions: [...READ_PERMISSIONS], resources: ['*'] });

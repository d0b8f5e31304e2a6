/**
 * The estate reader's IAM, derived rather than written: the collectors declare the operations
 * they call (collectors/operations.ts, a meta-test holds them to it), scan/permissions.ts derives
 * the scanning role's list, and every reader role, in the monitor account or a member account,
 * gets exactly that list — each action on the narrowest resource it allows.
 */
import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SCAN_PERMISSIONS } from '../functions/engine/scan/permissions.ts';
import { acknowledge } from './nag.ts';

/** The resource-wildcard reason every read-only grant shares (cdk-nag AwsSolutions-IAM5). */
export const DESCRIBE_WILDCARD_REASON =
  'The EC2, ELB, Direct Connect, FSx, CloudFront and Organizations (DescribeOrganization) read APIs the monitor calls (Describe*, List*, Get*) are listed one by one and support no resource-level permissions; the role can read configuration and change nothing.';

/**
 * API Gateway authorises its management API by HTTP verb and path: `apigateway:GET` on `*`
 * would read API keys, usage plans and every API definition. The collector lists custom domain
 * names (REST GET /domainnames, HTTP/WebSocket GET /v2/domainnames), so that is all it may GET.
 */
export const API_GATEWAY_READ_RESOURCES = ['/domainnames', '/domainnames/*', '/v2/domainnames', '/v2/domainnames/*'].map(
  (path) => `arn:${Aws.PARTITION}:apigateway:*::${path}`,
);
const API_GATEWAY_REASON =
  'apigateway:GET is limited to the custom domain-name paths (any region, the account implied) the TLS-policy collector lists; its pages and entries are sub-paths.';

/** The read-only statements of an estate reader. */
export const estateReadStatements = (): iam.PolicyStatement[] => [
  new iam.PolicyStatement({
    sid: 'ReadEstateConfiguration',
    actions: SCAN_PERMISSIONS.filter((action) => action !== 'apigateway:GET'),
    resources: ['*'],
  }),
  new iam.PolicyStatement({
    sid: 'ReadApiGatewayDomainNames',
    actions: ['apigateway:GET'],
    resources: API_GATEWAY_READ_RESOURCES,
  }),
];

/**
 * The Security Hub export: BatchImportFindings on the account's own default product and nothing
 * else, in any region (each finding goes to the hub of its region). No read of the hub is granted:
 * the export never needs one.
 */
export const securityHubImportStatement = (): iam.PolicyStatement =>
  new iam.PolicyStatement({
    sid: 'ImportFindingsIntoSecurityHub',
    actions: ['securityhub:BatchImportFindings'],
    resources: [`arn:${Aws.PARTITION}:securityhub:*:${Aws.ACCOUNT_ID}:product/${Aws.ACCOUNT_ID}/default`],
  });

export const grantSecurityHubImport = (role: iam.IRole): void => {
  role.addToPrincipalPolicy(securityHubImportStatement());
  acknowledge(
    role,
    'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:securityhub:*:<AWS::AccountId>:product/<AWS::AccountId>/default]',
    "The account's own default Security Hub product, in whichever region a finding's resource is: findings are imported into their own region's hub.",
  );
};

/** Grants a role the estate reads, with the cdk-nag acknowledgments they need and why. */
export const grantEstateRead = (role: iam.IRole): void => {
  for (const statement of estateReadStatements()) role.addToPrincipalPolicy(statement);
  acknowledge(role, 'AwsSolutions-IAM5[Resource::*]', DESCRIBE_WILDCARD_REASON);
  for (const path of ['/domainnames/*', '/v2/domainnames/*', '/domainnames', '/v2/domainnames']) {
    acknowledge(role, `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:apigateway:*::${path}]`, API_GATEWAY_REASON);
  }
};

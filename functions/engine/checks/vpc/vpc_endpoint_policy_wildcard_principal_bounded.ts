import type { Check } from '../../types.ts';
import { isMonitoredEndpoint } from '../lib/endpoint-context.ts';
import { unboundedWildcardStatements } from '../lib/endpoint-policy.ts';
import { judgeEndpointPolicy } from '../lib/endpoint-policy-check.ts';

const check = {
  id: 'vpc_endpoint_policy_wildcard_principal_bounded',
  title: 'VPC endpoint policies bound "Principal: *" to trusted organizations or accounts',
  headline: 'VPC endpoint policy opened to *',
  service: 'vpc',
  severity: 'HIGH',
  resourceType: 'AWS::EC2::VPCEndpoint',
  subject: 'vpcEndpoints',
  requires: [],
  permissions: ['ec2:DescribeVpcEndpoints'],
  rationale:
    'The endpoint policy limits who may use the endpoint. "Principal": "*" without an aws:PrincipalOrgID or aws:PrincipalAccount condition lets credentials from any AWS account use it, the classic path for exfiltrating data from inside a VPC. aws:SourceVpc/aws:SourceVpce naming the endpoint itself are always true inside its own policy and bound nothing.',
  remediation:
    'Add a condition such as "StringEquals": {"aws:PrincipalOrgID": "o-xxxxxxxxxx"} to every Allow statement with "Principal": "*", or a Deny statement with "StringNotEquals" on aws:PrincipalOrgID for all actions.',
  references: [
    'https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalorgid',
  ],
  appliesTo: isMonitoredEndpoint,
  evaluate(endpoint, ctx) {
    return judgeEndpointPolicy(endpoint, ctx, ({ statements, trust, subject }) => {
      const { unbounded, bounds } = unboundedWildcardStatements(statements, trust);
      if (unbounded.length === 0) {
        return {
          status: 'PASS',
          message: `${subject} admits no principal outside the trusted organizations and accounts.`,
          evidence: { bounds },
        };
      }
      const first = unbounded[0];
      return {
        status: 'FAIL',
        message: `${subject} policy allows any principal (Statement[${first?.index}]: ${first?.reason}).`,
        degree: unbounded.length,
        evidence: {
          unboundedStatements: unbounded,
          trustedOrganizationIds: [...trust.trustedOrganizationIds],
          trustedAccounts: [...trust.trustedAccounts],
        },
      };
    });
  },
} satisfies Check<'vpcEndpoints'>;

export { check };

import type { Check } from '../../types.ts';
import { isMonitoredEndpoint } from '../lib/endpoint-context.ts';
import { untrustedReferences } from '../lib/endpoint-policy.ts';
import { judgeEndpointPolicy } from '../lib/endpoint-policy-check.ts';

const check = {
  id: 'vpc_endpoint_policy_trusted_principals',
  title: 'VPC endpoint policies name only trusted accounts and organizations',
  headline: 'VPC endpoint policy trusts outside principals',
  service: 'vpc',
  severity: 'HIGH',
  resourceType: 'AWS::EC2::VPCEndpoint',
  subject: 'vpcEndpoints',
  requires: [],
  permissions: ['ec2:DescribeVpcEndpoints'],
  rationale:
    'The endpoint policy limits who may use the endpoint; a principal or aws:PrincipalOrgID/aws:PrincipalAccount value from an account outside the trusted set hands that account a private path into the VPC and to the service. Wildcard principals are judged by vpc_endpoint_policy_wildcard_principal_bounded.',
  remediation:
    'Remove the untrusted principals from the endpoint policy, or add their accounts or organization to trust.accounts / trust.organizationIds in the policy file if they are legitimately yours.',
  references: ['https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html'],
  appliesTo: isMonitoredEndpoint,
  evaluate(endpoint, ctx) {
    return judgeEndpointPolicy(endpoint, ctx, ({ statements, trust, subject }) => {
      const untrusted = untrustedReferences(statements, trust);
      if (untrusted.length === 0) {
        return {
          status: 'PASS',
          message: `${subject} names no principal outside the trusted accounts and organizations.`,
          evidence: { trustedAccounts: [...trust.trustedAccounts], trustedOrganizationIds: [...trust.trustedOrganizationIds] },
        };
      }
      const values = [...new Set(untrusted.map((reference) => reference.value))];
      return {
        status: 'FAIL',
        message: `${subject} policy grants access to ${values.join(', ')}, outside the trusted accounts and organizations.`,
        degree: values.length,
        evidence: {
          untrusted,
          trustedAccounts: [...trust.trustedAccounts],
          trustedOrganizationIds: [...trust.trustedOrganizationIds],
        },
      };
    });
  },
} satisfies Check<'vpcEndpoints'>;

export { check };

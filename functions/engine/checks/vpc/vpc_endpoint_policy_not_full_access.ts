import type { Check } from '../check.ts';
import { NIST } from '../frameworks.ts';
import { isMonitoredEndpoint } from '../lib/endpoint-context.ts';
import { judgeEndpointPolicy } from '../lib/endpoint-policy-check.ts';

const check = {
  id: 'vpc_endpoint_policy_not_full_access',
  title: 'VPC endpoint policies are not the full-access default',
  headline: 'VPC endpoint policy is full access',
  service: 'vpc',
  severity: 'MEDIUM',
  resourceType: 'AWS::EC2::VPCEndpoint',
  subject: 'vpcEndpoints',
  requires: [],
  readsTrustedOrganizations: true,
  frameworks: [NIST.AC_4],
  rationale:
    'AWS says a VPC endpoint policy is what limits who may use the endpoint to reach the service; an endpoint with no policy, or the default one, lets any principal do anything through it, including moving data to accounts outside the organization.',
  remediation:
    'Attach a policy that allows only the actions your workloads use, for principals in your organization: aws ec2 modify-vpc-endpoint --vpc-endpoint-id <id> --policy-document file://policy.json (use aws:PrincipalOrgID).',
  references: ['https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html'],
  appliesTo: isMonitoredEndpoint,
  evaluate(endpoint, ctx) {
    return judgeEndpointPolicy(endpoint, ctx, ({ analysis, policy, subject, isDefault }) => {
      if (isDefault) {
        return {
          status: 'FAIL',
          message: `${subject} has no endpoint policy, so AWS's full-access default lets any principal perform any action through it.`,
          evidence: { policy: 'none (AWS default: Allow * to * on *)' },
        };
      }
      if (analysis.fullAccess) {
        return {
          status: 'FAIL',
          message: `${subject} has a policy equivalent to the full-access default (an unconditional Allow of every action to everyone, and no Deny that can apply).`,
          evidence: { statements: policy.statements.length },
        };
      }
      return {
        status: 'PASS',
        message: `${subject} has a restrictive endpoint policy.`,
        evidence: { statements: policy.statements.length },
      };
    });
  },
} satisfies Check<'vpcEndpoints'>;

export { check };

import type { Check } from '../check.ts';
import { NIST } from '../frameworks.ts';
import { isMonitoredEndpoint } from '../lib/endpoint-context.ts';
import { judgeEndpointPolicy } from '../lib/endpoint-policy-check.ts';

const check = {
  id: 'vpc_endpoint_policy_no_wildcard_actions',
  title: 'VPC endpoint policies allow named actions, not "*"',
  headline: 'VPC endpoint policy allows wildcard actions',
  service: 'vpc',
  severity: 'LOW',
  resourceType: 'AWS::EC2::VPCEndpoint',
  subject: 'vpcEndpoints',
  requires: [],
  readsTrustedOrganizations: true,
  frameworks: [NIST.AC_4],
  rationale:
    'Least privilege, not a trust boundary: an endpoint policy that allows "*" or "<service>:*" (or uses NotAction) lets the endpoint carry every data-plane and control-plane call, including ones no workload in the VPC needs, such as exporting or deleting tables. AWS\'s data-perimeter endpoint policies allow "*" bounded by organization conditions, so this is LOW; who may use the endpoint is judged by the trust checks.',
  remediation:
    'List the actions your workloads use (for example dynamodb:GetItem, dynamodb:PutItem, dynamodb:Query) in the endpoint policy instead of "*".',
  references: ['https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html'],
  appliesTo: isMonitoredEndpoint,
  evaluate(endpoint, ctx) {
    return judgeEndpointPolicy(endpoint, ctx, ({ analysis, subject }) => {
      const broad = analysis.wildcardGrants.map(({ statement, action, trustedOnly }) => ({ statement, action, trustedOnly }));
      if (broad.length === 0) {
        return { status: 'PASS', message: `${subject} policy allows only named actions.`, evidence: {} };
      }
      return {
        status: 'FAIL',
        message: `${subject} policy allows ${[...new Set(broad.map((entry) => entry.action))].join(', ')} instead of named actions.`,
        evidence: { wildcardActions: broad },
        degree: broad.length,
      };
    });
  },
} satisfies Check<'vpcEndpoints'>;

export { check };

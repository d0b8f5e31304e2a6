import type { Check } from '../check.ts';
import { NIST } from '../frameworks.ts';
import { isMonitoredEndpoint } from '../lib/endpoint-context.ts';
import { judgeEndpointPolicy, trustEvidence } from '../lib/endpoint-policy-check.ts';
import { describeWitness, type Exposure } from '../lib/policy-reasoner.ts';

const check = {
  id: 'vpc_endpoint_policy_wildcard_principal_bounded',
  title: 'VPC endpoint policies bound "Principal: *" to trusted organizations or accounts',
  headline: 'VPC endpoint policy opened to *',
  service: 'vpc',
  severity: 'HIGH',
  resourceType: 'AWS::EC2::VPCEndpoint',
  subject: 'vpcEndpoints',
  requires: [],
  readsTrustedOrganizations: true,
  frameworks: [NIST.AC_4, NIST.SC_7],
  rationale:
    'The endpoint policy limits who may use the endpoint. "Principal": "*" that no identity condition (aws:PrincipalOrgID, aws:PrincipalAccount, aws:PrincipalArn) or Deny guard really bounds lets credentials from any AWS account use it, the classic path for exfiltrating data from inside a VPC. Network conditions (aws:SourceVpce, aws:SourceVpc, aws:VpcSourceIp) say where a request comes from, not who signs it, and ForAllValues or IfExists on an identity key is true for callers that have no such key.',
  remediation:
    'Add a condition such as "StringEquals": {"aws:PrincipalOrgID": "o-xxxxxxxxxx"} to every Allow statement with "Principal": "*", or a Deny statement with "StringNotEquals" on aws:PrincipalOrgID for all actions.',
  references: [
    'https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalorgid',
  ],
  appliesTo: isMonitoredEndpoint,
  evaluate(endpoint, ctx) {
    return judgeEndpointPolicy(endpoint, ctx, ({ analysis, trust, subject }) => {
      const exposures = analysis.exposures.filter((exposure) => exposure.kind === 'wildcard');
      if (exposures.length === 0) {
        return {
          status: 'PASS',
          message: `${subject} admits no principal outside the trusted organizations and accounts.`,
          evidence: { requestsEvaluated: analysis.requestsEvaluated, ...trustEvidence(trust) },
        };
      }
      const [first] = exposures;
      return {
        status: 'FAIL',
        message: `${subject} policy allows principals outside the trusted organizations and accounts: Statement[${first?.statement}] lets ${first?.witness.principal} call ${first?.witness.action} (${first?.reasons.join('; ')}).`,
        degree: exposures.length,
        evidence: { witness: describeWitness((first as Exposure).witness), exposures, ...trustEvidence(trust) },
      };
    });
  },
} satisfies Check<'vpcEndpoints'>;

export { check };

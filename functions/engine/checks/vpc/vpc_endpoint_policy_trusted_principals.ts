import type { Check } from '../check.ts';
import { NIST } from '../frameworks.ts';
import { isMonitoredEndpoint } from '../lib/endpoint-context.ts';
import { judgeEndpointPolicy, trustEvidence } from '../lib/endpoint-policy-check.ts';
import { describeWitness, type Exposure } from '../lib/policy-reasoner.ts';

const check = {
  id: 'vpc_endpoint_policy_trusted_principals',
  title: 'VPC endpoint policies name only trusted accounts and organizations',
  headline: 'VPC endpoint policy trusts outside principals',
  service: 'vpc',
  severity: 'HIGH',
  resourceType: 'AWS::EC2::VPCEndpoint',
  subject: 'vpcEndpoints',
  requires: [],
  readsTrustedOrganizations: true,
  frameworks: [NIST.AC_4, NIST.SC_7],
  rationale:
    'The endpoint policy limits who may use the endpoint; a statement that names a principal, account or organization outside the trusted set (in Principal or in an identity condition such as aws:PrincipalAccount) and that IAM would let through hands that account a private path into the VPC and to the service. Statements open to any principal are judged by vpc_endpoint_policy_wildcard_principal_bounded; between them the two checks report every outside principal the policy lets in, each once.',
  remediation:
    "Remove the untrusted principals from the endpoint policy, or add their accounts or organization to trust.accounts / trust.organizationIds in the policy file if they are legitimately yours. The finding's witness is a request IAM would allow: reproduce it with the IAM policy simulator.",
  references: ['https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html'],
  appliesTo: isMonitoredEndpoint,
  evaluate(endpoint, ctx) {
    return judgeEndpointPolicy(endpoint, ctx, ({ analysis, trust, subject }) => {
      const exposures = analysis.exposures.filter((exposure) => exposure.kind === 'named');
      if (exposures.length === 0) {
        return {
          status: 'PASS',
          message: `${subject} grants nothing to a principal it names outside the trusted accounts and organizations.`,
          evidence: { requestsEvaluated: analysis.requestsEvaluated, ...trustEvidence(trust) },
        };
      }
      const named = [...new Set(exposures.flatMap((exposure) => exposure.named))];
      const [first] = exposures;
      return {
        status: 'FAIL',
        message: `${subject} policy grants access to ${named.join(', ')}, outside the trusted accounts and organizations (for example ${first?.witness.principal} may call ${first?.witness.action}).`,
        degree: named.length,
        evidence: { witness: describeWitness((first as Exposure).witness), exposures, ...trustEvidence(trust) },
      };
    });
  },
} satisfies Check<'vpcEndpoints'>;

export { check };

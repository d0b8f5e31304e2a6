import { describe, expect, it } from 'vitest';
import { check } from '../../../../functions/engine/checks/vpc/vpc_endpoint_policy_not_full_access.ts';
import { endpoint, healthyNetwork, inventory, only, runCheck } from '../../../support/builders.ts';

const evaluate = (...endpoints: ReturnType<typeof endpoint>[]) =>
  runCheck(check, inventory({ ...healthyNetwork(), vpcEndpoints: endpoints }));

describe('vpc_endpoint_policy_not_full_access', () => {
  it('reports nothing when there are no endpoints', () => {
    expect(evaluate()).toEqual([]);
  });

  it('passes a restrictive policy', () => {
    expect(only(evaluate(endpoint()), 'vpce-00000001').status).toBe('PASS');
  });

  it('fails an endpoint without a policy document and says the default applies', () => {
    const finding = only(evaluate(endpoint({ policyDocument: undefined })), 'vpce-00000001');
    expect(finding.status).toBe('FAIL');
    expect(finding.message).toContain("AWS's full-access default");
  });

  it('fails an explicit copy of the default, as AWS returns it from DescribeVpcEndpoints', () => {
    const awsDefault =
      '{\n  "Version": "2008-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Principal": "*",\n      "Action": "*",\n      "Resource": "*"\n    }\n  ]\n}';
    const finding = only(evaluate(endpoint({ policyDocument: awsDefault })), 'vpce-00000001');
    expect(finding.status).toBe('FAIL');
    expect(finding.message).toContain('equivalent to the full-access default');
  });

  it('passes a full-access Allow that a Deny guard narrows', () => {
    const guarded = JSON.stringify({
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
        {
          Effect: 'Deny',
          Principal: '*',
          Action: '*',
          Resource: '*',
          Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-testorg1234' } },
        },
      ],
    });
    expect(only(evaluate(endpoint({ policyDocument: guarded })), 'vpce-00000001').status).toBe('PASS');
  });

  it('judges several endpoints independently', () => {
    const findings = evaluate(
      endpoint({ vpcEndpointId: 'vpce-a' }),
      endpoint({ vpcEndpointId: 'vpce-b', policyDocument: undefined }),
      endpoint({ vpcEndpointId: 'vpce-c', policyDocument: ' ' }),
    );
    expect(findings.map((finding) => [finding.resourceId, finding.status])).toEqual([
      ['vpce-a', 'PASS'],
      ['vpce-b', 'FAIL'],
      ['vpce-c', 'ERROR'],
    ]);
  });
});

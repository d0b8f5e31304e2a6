import { describe, expect, it } from 'vitest';
import { check } from '../../../../functions/engine/checks/vpc/vpc_endpoint_policy_trusted_principals.ts';
import { ACCOUNT, endpoint, healthyNetwork, inventory, only, policy, runCheck } from '../../../support/builders.ts';

const principals = (aws: string | string[], id = 'vpce-00000001') =>
  endpoint({
    vpcEndpointId: id,
    policyDocument: JSON.stringify({
      Statement: [{ Effect: 'Allow', Principal: { AWS: aws }, Action: 'dynamodb:GetItem', Resource: '*' }],
    }),
  });
const evaluate = (endpoints: ReturnType<typeof endpoint>[], pol = policy()) =>
  runCheck(check, inventory({ ...healthyNetwork(), vpcEndpoints: endpoints }), pol);

describe('vpc_endpoint_policy_trusted_principals', () => {
  it('reports nothing when there are no endpoints', () => {
    expect(evaluate([])).toEqual([]);
  });

  it('passes principals of the scanned account in every spelling', () => {
    const finding = only(
      evaluate([principals([ACCOUNT, `arn:aws:iam::${ACCOUNT}:root`, `arn:aws:iam::${ACCOUNT}:role/app`])]),
      'vpce-00000001',
    );
    expect(finding.status).toBe('PASS');
  });

  it('fails a principal of a foreign account, names it and carries a witness request', () => {
    const finding = only(
      evaluate([principals([`arn:aws:iam::${ACCOUNT}:root`, 'arn:aws:iam::999988887777:root'])]),
      'vpce-00000001',
    );
    expect(finding.status).toBe('FAIL');
    expect(finding.message).toContain('arn:aws:iam::999988887777:root');
    const [exposure] = finding.evidence.exposures as Record<string, unknown>[];
    expect(exposure).toMatchObject({ statement: 0, kind: 'named', named: ['arn:aws:iam::999988887777:root'] });
    expect(exposure?.witness).toMatchObject({
      account: '999988887777',
      action: 'dynamodb:GetItem',
      statement: { index: 0, sid: null },
      context: { 'aws:SourceVpce': 'vpce-00000001', 'aws:PrincipalAccount': '999988887777' },
    });
  });

  it('passes a foreign account once the policy file trusts it', () => {
    const finding = only(
      evaluate([principals('arn:aws:iam::999988887777:root')], policy({ trust: { accounts: ['999988887777'] } })),
      'vpce-00000001',
    );
    expect(finding.status).toBe('PASS');
  });

  it('passes a unique principal id, which matches no principal once its role is gone', () => {
    // IAM User Guide, "AWS JSON policy elements: Principal": a saved role ARN becomes the role's
    // unique id, and a deleted and re-created role gets a new one, so the old id admits nobody.
    const finding = only(evaluate([principals('AROAEXAMPLEUNIQUEID')]), 'vpce-00000001');
    expect(finding.status).toBe('PASS');
  });

  it('fails an identity condition naming an untrusted organization', () => {
    const foreignOrg = endpoint({
      policyDocument: JSON.stringify({
        Statement: [
          {
            Effect: 'Allow',
            Principal: '*',
            Action: 'dynamodb:GetItem',
            Resource: '*',
            Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-evilcorp0001' } },
          },
        ],
      }),
    });
    const finding = only(evaluate([foreignOrg]), 'vpce-00000001');
    expect(finding.status).toBe('FAIL');
    expect(finding.message).toContain('o-evilcorp0001');
  });

  it('leaves wildcard principals to the bounded-principal check', () => {
    expect(only(evaluate([endpoint({ policyDocument: undefined })]), 'vpce-00000001').status).toBe('PASS');
  });

  it('judges several endpoints independently', () => {
    const findings = evaluate([principals(ACCOUNT, 'vpce-a'), principals('999988887777', 'vpce-b')]);
    expect(findings.map((finding) => [finding.resourceId, finding.status])).toEqual([
      ['vpce-a', 'PASS'],
      ['vpce-b', 'FAIL'],
    ]);
  });
});

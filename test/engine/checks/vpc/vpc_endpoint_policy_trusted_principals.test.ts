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

  it('fails a principal of a foreign account and names it', () => {
    const finding = only(
      evaluate([principals([`arn:aws:iam::${ACCOUNT}:root`, 'arn:aws:iam::999988887777:root'])]),
      'vpce-00000001',
    );
    expect(finding.status).toBe('FAIL');
    expect(finding.message).toContain('arn:aws:iam::999988887777:root');
    expect(finding.evidence.untrusted).toEqual([
      {
        statement: 0,
        value: 'arn:aws:iam::999988887777:root',
        where: 'Principal',
        reason: 'account 999988887777 is not trusted',
      },
    ]);
  });

  it('passes a foreign account once the policy file trusts it', () => {
    const finding = only(
      evaluate([principals('arn:aws:iam::999988887777:root')], policy({ trust: { accounts: ['999988887777'] } })),
      'vpce-00000001',
    );
    expect(finding.status).toBe('PASS');
  });

  it('fails a principal whose account cannot be determined rather than trusting it', () => {
    const finding = only(evaluate([principals('AROAEXAMPLEUNIQUEID')]), 'vpce-00000001');
    expect(finding.status).toBe('FAIL');
    expect(finding.evidence.untrusted).toEqual([
      { statement: 0, value: 'AROAEXAMPLEUNIQUEID', where: 'Principal', reason: 'its account cannot be determined' },
    ]);
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

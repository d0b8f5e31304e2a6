import { describe, expect, it } from 'vitest';
import { check } from '../../../../functions/engine/checks/vpc/vpc_endpoint_policy_no_wildcard_actions.ts';
import { endpoint, healthyNetwork, inventory, only, runCheck } from '../../../support/builders.ts';

const withStatement = (statement: Record<string, unknown>, id = 'vpce-00000001') =>
  endpoint({
    vpcEndpointId: id,
    policyDocument: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Resource: '*', ...statement }] }),
  });
const evaluate = (...endpoints: ReturnType<typeof endpoint>[]) =>
  runCheck(check, inventory({ ...healthyNetwork(), vpcEndpoints: endpoints }));

describe('vpc_endpoint_policy_no_wildcard_actions', () => {
  it('reports nothing when there are no endpoints', () => {
    expect(evaluate()).toEqual([]);
  });

  it('passes named actions, including prefix wildcards such as dynamodb:Get*', () => {
    expect(only(evaluate(withStatement({ Action: ['dynamodb:GetItem', 'dynamodb:Get*'] })), 'vpce-00000001').status).toBe('PASS');
  });

  it.each([['*'], ['dynamodb:*']])('fails Action %s', (action) => {
    const finding = only(evaluate(withStatement({ Action: action })), 'vpce-00000001');
    expect(finding.status).toBe('FAIL');
    expect(finding.severity).toBe('LOW');
    expect(finding.evidence.wildcardActions).toEqual([{ statement: 0, action, trustedOnly: false }]);
  });

  it('fails NotAction in an Allow statement', () => {
    const finding = only(evaluate(withStatement({ NotAction: 'dynamodb:DeleteTable' })), 'vpce-00000001');
    expect(finding.status).toBe('FAIL');
    expect(finding.message).toContain('NotAction dynamodb:DeleteTable');
  });

  it('ignores wildcards in Deny statements, which only narrow', () => {
    const document = JSON.stringify({
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: 'dynamodb:GetItem', Resource: '*' },
        { Effect: 'Deny', Principal: '*', Action: '*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
      ],
    });
    expect(only(evaluate(endpoint({ policyDocument: document })), 'vpce-00000001').status).toBe('PASS');
  });

  it('ignores a wildcard statement no request can reach through this endpoint', () => {
    const unreachable = withStatement({
      Action: '*',
      Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-0ffffffffffffffff' } },
    });
    expect(only(evaluate(unreachable), 'vpce-00000001').status).toBe('PASS');
  });

  it('judges several endpoints independently', () => {
    const findings = evaluate(withStatement({ Action: 'dynamodb:Query' }, 'vpce-a'), withStatement({ Action: '*' }, 'vpce-b'));
    expect(findings.map((finding) => [finding.resourceId, finding.status])).toEqual([
      ['vpce-a', 'PASS'],
      ['vpce-b', 'FAIL'],
    ]);
  });
});

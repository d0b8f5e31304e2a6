import { describe, expect, it } from 'vitest';
import { check } from '../../../../functions/engine/checks/vpc/vpc_endpoint_policy_wildcard_principal_bounded.ts';
import { ACCOUNT, endpoint, healthyNetwork, inventory, ORG, only, runCheck } from '../../../support/builders.ts';

const withPolicy = (statements: unknown[], id = 'vpce-00000001') =>
  endpoint({ vpcEndpointId: id, policyDocument: JSON.stringify({ Version: '2012-10-17', Statement: statements }) });
const evaluate = (...endpoints: ReturnType<typeof endpoint>[]) =>
  runCheck(check, inventory({ ...healthyNetwork(), vpcEndpoints: endpoints }));
const allowAll = { Effect: 'Allow', Principal: '*', Action: 'dynamodb:GetItem', Resource: '*' };

describe('vpc_endpoint_policy_wildcard_principal_bounded', () => {
  it('reports nothing when there are no endpoints', () => {
    expect(evaluate()).toEqual([]);
  });

  it('passes an org-bound wildcard principal and says what it searched', () => {
    const finding = only(evaluate(endpoint()), 'vpce-00000001');
    expect(finding.status).toBe('PASS');
    expect(finding.evidence.trustedOrganizationIds).toEqual([ORG]);
    expect(finding.evidence.requestsEvaluated).toBeGreaterThan(0);
  });

  it('fails an unconditioned wildcard principal', () => {
    const finding = only(evaluate(withPolicy([allowAll])), 'vpce-00000001');
    expect(finding.status).toBe('FAIL');
    expect(finding.severity).toBe('HIGH');
    expect(finding.message).toContain('no Condition at all');
  });

  it('fails the AWS default (no policy document) as well', () => {
    expect(only(evaluate(endpoint({ policyDocument: undefined })), 'vpce-00000001').status).toBe('FAIL');
  });

  it('does not accept aws:SourceVpce naming the endpoint itself: it is always true there', () => {
    const finding = only(
      evaluate(withPolicy([{ ...allowAll, Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-00000001' } } }])),
      'vpce-00000001',
    );
    expect(finding.status).toBe('FAIL');
    expect(finding.message).toContain('always true for traffic through this endpoint');
  });

  it('does not accept an IfExists identity condition, which lets principals outside any org through', () => {
    const finding = only(
      evaluate(withPolicy([{ ...allowAll, Condition: { StringEqualsIfExists: { 'aws:PrincipalOrgID': ORG } } }])),
      'vpce-00000001',
    );
    expect(finding.status).toBe('FAIL');
    expect(finding.message).toContain('IfExists');
  });

  it('leaves an org id outside the trusted set to the trusted-principals check, which names it', () => {
    const finding = only(
      evaluate(withPolicy([{ ...allowAll, Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-someoneelse1' } } }])),
      'vpce-00000001',
    );
    expect(finding.status).toBe('PASS');
  });

  it('fails a ForAllValues organization condition, with a witness in no organization', () => {
    const finding = only(
      evaluate(withPolicy([{ ...allowAll, Condition: { 'ForAllValues:StringEquals': { 'aws:PrincipalOrgID': ORG } } }])),
      'vpce-00000001',
    );
    expect(finding.status).toBe('FAIL');
    expect(finding.message).toContain('true when the key is absent');
    const [exposure] = finding.evidence.exposures as { witness: Record<string, unknown> }[];
    expect(exposure?.witness).toMatchObject({ organization: null, action: 'dynamodb:GetItem' });
    expect(exposure?.witness.context).not.toHaveProperty('aws:PrincipalOrgID');
  });

  it('accepts aws:PrincipalAccount limited to the scanned account', () => {
    const finding = only(
      evaluate(withPolicy([{ ...allowAll, Condition: { StringEquals: { 'aws:PrincipalAccount': ACCOUNT } } }])),
      'vpce-00000001',
    );
    expect(finding.status).toBe('PASS');
  });

  it('accepts a Deny guard on aws:PrincipalOrgID as bounding every Allow statement', () => {
    const finding = only(
      evaluate(
        withPolicy([
          allowAll,
          {
            Effect: 'Deny',
            Principal: '*',
            Action: '*',
            Resource: '*',
            Condition: { StringNotEquals: { 'aws:PrincipalOrgID': ORG } },
          },
        ]),
      ),
      'vpce-00000001',
    );
    expect(finding.status).toBe('PASS');
  });

  it('fails Allow with NotPrincipal, which admits almost everyone', () => {
    const finding = only(
      evaluate(
        withPolicy([
          { Effect: 'Allow', NotPrincipal: { AWS: 'arn:aws:iam::999988887777:root' }, Action: 'dynamodb:GetItem', Resource: '*' },
        ]),
      ),
      'vpce-00000001',
    );
    expect(finding.status).toBe('FAIL');
    expect(finding.message).toContain('NotPrincipal');
  });

  it('reports ERROR, never PASS, for a policy that is not JSON', () => {
    const finding = only(evaluate(endpoint({ policyDocument: '{"Statement": [' })), 'vpce-00000001');
    expect(finding.status).toBe('ERROR');
    expect(finding.message).toContain('not valid JSON');
  });

  it('reports ERROR for a statement with an invalid Effect', () => {
    const finding = only(evaluate(withPolicy([{ ...allowAll, Effect: 'Permit' }])), 'vpce-00000001');
    expect(finding.status).toBe('ERROR');
    expect(finding.message).toContain('Effect must be "Allow" or "Deny"');
  });

  it('judges several endpoints independently', () => {
    const findings = evaluate(endpoint({ vpcEndpointId: 'vpce-good' }), withPolicy([allowAll], 'vpce-bad'));
    expect(findings.map((finding) => [finding.resourceId, finding.status])).toEqual([
      ['vpce-good', 'PASS'],
      ['vpce-bad', 'FAIL'],
    ]);
  });

  it('ignores endpoints of services outside the catalog', () => {
    expect(evaluate(endpoint({ serviceName: 'com.amazonaws.us-east-1.s3', policyDocument: undefined }))).toEqual([]);
  });
});

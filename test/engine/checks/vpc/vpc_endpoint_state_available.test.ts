import { describe, expect, it } from 'vitest';
import { check } from '../../../../functions/engine/checks/vpc/vpc_endpoint_state_available.ts';
import { endpoint, healthyNetwork, inventory, only, runCheck } from '../../../support/builders.ts';

const evaluate = (...endpoints: ReturnType<typeof endpoint>[]) =>
  runCheck(check, inventory({ ...healthyNetwork(), vpcEndpoints: endpoints }));

describe('vpc_endpoint_state_available', () => {
  it('reports nothing when there are no endpoints', () => {
    expect(evaluate()).toEqual([]);
  });

  it('passes an available endpoint', () => {
    expect(only(evaluate(endpoint()), 'vpce-00000001')).toMatchObject({ status: 'PASS', monitoredService: 'dynamodb' });
  });

  it.each([
    ['failed', 'HIGH'],
    ['rejected', 'HIGH'],
    ['deleted', 'HIGH'],
    ['pending', 'MEDIUM'],
    ['pendingacceptance', 'MEDIUM'],
  ])('fails state %s at %s severity', (state, severity) => {
    const finding = only(evaluate(endpoint({ state })), 'vpce-00000001');
    expect(finding.status).toBe('FAIL');
    expect(finding.severity).toBe(severity);
    expect(finding.message).toContain(`"${state}"`);
  });

  it('judges several endpoints independently and names the service in the message', () => {
    const findings = evaluate(
      endpoint({ vpcEndpointId: 'vpce-a' }),
      endpoint({ vpcEndpointId: 'vpce-b', state: 'failed', serviceName: 'com.amazonaws.us-east-1.fsx' }),
    );
    expect(findings.map((finding) => [finding.resourceId, finding.status])).toEqual([
      ['vpce-a', 'PASS'],
      ['vpce-b', 'FAIL'],
    ]);
    expect(only(findings, 'vpce-b').message).toContain('Amazon File Cache');
  });
});

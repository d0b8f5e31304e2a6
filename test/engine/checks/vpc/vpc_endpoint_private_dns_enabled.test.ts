import { describe, expect, it } from 'vitest';
import { check } from '../../../../functions/engine/checks/vpc/vpc_endpoint_private_dns_enabled.ts';
import { endpoint, gatewayEndpoint, healthyNetwork, inventory, only, runCheck } from '../../../support/builders.ts';

const evaluate = (...endpoints: ReturnType<typeof endpoint>[]) =>
  runCheck(check, inventory({ ...healthyNetwork(), vpcEndpoints: endpoints }));

describe('vpc_endpoint_private_dns_enabled', () => {
  it('reports nothing when there are no endpoints', () => {
    expect(evaluate()).toEqual([]);
  });

  it('passes an interface endpoint with private DNS', () => {
    expect(only(evaluate(endpoint()), 'vpce-00000001').status).toBe('PASS');
  });

  it('fails an interface endpoint without private DNS, explaining the bypass', () => {
    const finding = only(evaluate(endpoint({ privateDnsEnabled: false })), 'vpce-00000001');
    expect(finding.status).toBe('FAIL');
    expect(finding.message).toContain('bypass the endpoint');
  });

  it('is not applicable to gateway endpoints', () => {
    expect(only(evaluate(gatewayEndpoint()), 'vpce-00000001').status).toBe('NOT_APPLICABLE');
  });

  it('judges several endpoints independently', () => {
    const findings = evaluate(
      endpoint({ vpcEndpointId: 'vpce-a' }),
      endpoint({ vpcEndpointId: 'vpce-b', privateDnsEnabled: false }),
    );
    expect(findings.map((finding) => finding.status)).toEqual(['PASS', 'FAIL']);
  });
});

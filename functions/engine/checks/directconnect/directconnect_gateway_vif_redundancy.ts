import type { Check } from '../check.ts';
import { NIST } from '../frameworks.ts';

const check = {
  id: 'directconnect_gateway_vif_redundancy',
  title: 'Each Direct Connect gateway is reached by at least two VIFs on two distinct connections',
  headline: 'Direct Connect gateway lacks VIF redundancy',
  service: 'directconnect',
  severity: 'MEDIUM',
  resourceType: 'AWS::DirectConnect::Gateway',
  subject: 'dxGateways',
  requires: [],
  frameworks: [NIST.CP_8],
  rationale:
    "A gateway reached through one virtual interface, or through several on the same connection, loses its private path to on-premises with that one connection. Judged per region from the region's VIFs.",
  remediation: 'Create a second VIF to the gateway on a connection in another location.',
  references: ['https://docs.aws.amazon.com/directconnect/latest/UserGuide/resiliency_toolkit.html'],
  evaluate(resource) {
    const gateway = resource.attributes;
    const available = gateway.virtualInterfaces.filter((vif) => vif.state === 'available');
    const connections = new Set(available.map((vif) => vif.connectionId));
    const label = gateway.kind === 'direct-connect-gateway' ? 'Direct Connect gateway' : 'virtual private gateway';
    const evidence = {
      virtualInterfaces: gateway.virtualInterfaces,
      availableVifs: available.length,
      distinctConnections: [...connections].sort(),
    };
    if (available.length >= 2 && connections.size >= 2) {
      return {
        status: 'PASS',
        message: `${label} ${gateway.gatewayId} is reached by ${available.length} VIFs on ${connections.size} connections.`,
        evidence,
      };
    }
    return {
      status: 'FAIL',
      message: `${label} ${gateway.gatewayId} is reached by ${available.length} available VIF${available.length === 1 ? '' : 's'} on ${connections.size} connection${connections.size === 1 ? '' : 's'}; two VIFs on two connections are needed.`,
      evidence,
    };
  },
} satisfies Check<'dxGateways'>;

export { check };

import type { Check } from '../check.ts';
import { NIST } from '../frameworks.ts';

const check = {
  id: 'directconnect_region_connection_redundancy',
  title: 'Direct Connect has at least two connections in two locations per region',
  headline: 'Direct Connect lacks location redundancy',
  service: 'directconnect',
  severity: 'MEDIUM',
  resourceType: 'TPM::DirectConnect::Region',
  subject: 'dxRegions',
  requires: [],
  frameworks: [NIST.CP_8],
  rationale:
    "A single Direct Connect connection, or several in one location, fails with that location. AWS's resiliency guidance asks for connections in at least two locations so the private path from on-premises survives a facility outage. Connections are counted by id, so the same connection listed twice is still one.",
  remediation:
    'Order a second connection at a different Direct Connect location (the Resiliency Toolkit in the console sets up the "High Resiliency" model), or back the connection up with Site-to-Site VPN.',
  references: ['https://docs.aws.amazon.com/directconnect/latest/UserGuide/resiliency_toolkit.html'],
  evaluate(resource, ctx) {
    const summary = resource.attributes;
    const { minimumConnections, minimumLocations } = ctx.policy.directConnect;
    const available = summary.connections.filter((connection) => connection.state === 'available');
    const connections = new Set(available.map((connection) => connection.connectionId));
    const locations = new Set(available.map((connection) => connection.location));
    const evidence = {
      availableConnections: connections.size,
      locations: [...locations].sort(),
      required: { connections: minimumConnections, locations: minimumLocations },
      all: summary.connections,
    };
    if (connections.size >= minimumConnections && locations.size >= minimumLocations) {
      return {
        status: 'PASS',
        message: `Direct Connect in ${summary.region} has ${connections.size} available connections in ${locations.size} locations.`,
        evidence,
      };
    }
    return {
      status: 'FAIL',
      message: `Direct Connect in ${summary.region} has ${connections.size} available connection${connections.size === 1 ? '' : 's'} in ${locations.size} location${locations.size === 1 ? '' : 's'} (${[...locations].join(', ') || 'none'}); the policy requires ${minimumConnections} in ${minimumLocations}.`,
      evidence,
    };
  },
} satisfies Check<'dxRegions'>;

export { check };

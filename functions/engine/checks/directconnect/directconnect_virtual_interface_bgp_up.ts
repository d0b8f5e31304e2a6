import type { Check } from '../check.ts';
import { NIST } from '../frameworks.ts';

const check = {
  id: 'directconnect_virtual_interface_bgp_up',
  title: 'Direct Connect virtual interfaces are available with every BGP peer up',
  headline: 'Direct Connect BGP session down',
  service: 'directconnect',
  severity: 'HIGH',
  resourceType: 'AWS::DirectConnect::VirtualInterface',
  subject: 'dxVirtualInterfaces',
  requires: [],
  frameworks: [NIST.AC_17, NIST.CP_8],
  rationale:
    'Traffic crosses a Direct Connect connection only over a virtual interface whose BGP sessions are up. A VIF that is down, or has a peer down, has lost that path or its redundancy (IPv4 and IPv6 peers are separate sessions).',
  remediation:
    'Check the on-premises router: BGP ASN, MD5 key, peer addresses, VLAN; then the VIF in the Direct Connect console.',
  references: ['https://docs.aws.amazon.com/directconnect/latest/UserGuide/WorkingWithVirtualInterfaces.html'],
  evaluate(resource) {
    const vif = resource.attributes;
    const subject = `Direct Connect ${vif.type} VIF ${vif.virtualInterfaceId} (${vif.name || 'unnamed'}) on ${vif.connectionId}`;
    const evidence = { state: vif.state, bgpPeers: vif.bgpPeers };
    if (vif.state !== 'available') return { status: 'FAIL', message: `${subject} is ${vif.state}.`, evidence };
    const down = vif.bgpPeers.filter((peer) => peer.status !== 'up');
    if (vif.bgpPeers.length === 0) return { status: 'ERROR', message: `${subject} reports no BGP peers.`, evidence };
    if (down.length > 0) {
      return {
        status: 'FAIL',
        message: `${subject} has BGP peer${down.length === 1 ? '' : 's'} ${down.map((peer) => `${peer.peerId} ${peer.status}`).join(', ')}.`,
        evidence,
      };
    }
    return {
      status: 'PASS',
      message: `${subject} is available with ${vif.bgpPeers.length} BGP peer${vif.bgpPeers.length === 1 ? '' : 's'} up.`,
      evidence,
    };
  },
} satisfies Check<'dxVirtualInterfaces'>;

export { check };

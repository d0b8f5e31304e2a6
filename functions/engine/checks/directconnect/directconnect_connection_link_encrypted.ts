import type { Check } from '../check.ts';
import { NIST, PCI } from '../frameworks.ts';

const check = {
  id: 'directconnect_connection_link_encrypted',
  title: 'Direct Connect paths are encrypted: MACsec must_encrypt, or a VPN over the connection',
  headline: 'Direct Connect link is unencrypted',
  service: 'directconnect',
  severity: 'HIGH',
  resourceType: 'AWS::DirectConnect::Connection',
  subject: 'dxConnections',
  requires: ['dxVirtualInterfaces', 'vpnConnections'],
  frameworks: [NIST.SC_8, NIST.SC_8_1, NIST.AC_17_2, PCI.R4_2_1],
  rationale:
    'Direct Connect is private but not encrypted: traffic crosses the colocation facility and the partner network in the clear. AWS offers two remedies: MACsec (must_encrypt) on a dedicated connection, or a Site-to-Site VPN over the connection (a Private IP VPN on a transit VIF). Without either, traffic to the monitored services is only as private as every cross-connect on the way. Severity is directConnect.unencryptedSeverity.',
  remediation:
    'Dedicated, MACsec-capable port: associate a CKN/CAK (aws directconnect associate-mac-sec-key) and set encryption mode must_encrypt. Hosted or not MACsec-capable: run a Private IP Site-to-Site VPN over a transit VIF (or list the connection under directConnect.vpnProtectedConnections if a VPN already rides it).',
  references: [
    'https://docs.aws.amazon.com/directconnect/latest/UserGuide/MACsec.html',
    'https://docs.aws.amazon.com/vpn/latest/s2svpn/private-ip-dx.html',
  ],
  evaluate(resource, ctx) {
    const connection = resource.attributes;
    const subject = `Direct Connect connection ${connection.connectionId} (${connection.name || 'unnamed'}, ${connection.location})`;
    const macsec = connection.encryptionMode === 'must_encrypt' && connection.portEncryptionStatus === 'Encryption Up';
    const vifs = ctx.inventory
      .get('dxVirtualInterfaces')
      .map((vif) => vif.attributes)
      .filter((vif) => vif.connectionId === connection.connectionId);
    const transitGateways = new Set(vifs.flatMap((vif) => (vif.type === 'transit' ? vif.associatedTransitGatewayIds : [])));
    const privateVpns = ctx.inventory
      .get('vpnConnections')
      .map((vpn) => vpn.attributes)
      .filter(
        (vpn) =>
          vpn.outsideIpAddressType === 'PrivateIpv4' &&
          vpn.state === 'available' &&
          vpn.attachment.kind === 'transit-gateway' &&
          transitGateways.has(vpn.attachment.id ?? ''),
      );
    const declared = ctx.policy.directConnect.vpnProtectedConnections.includes(connection.connectionId);
    const evidence = {
      encryptionMode: connection.encryptionMode ?? null,
      portEncryptionStatus: connection.portEncryptionStatus ?? null,
      macSecCapable: connection.macSecCapable,
      hosted: connection.hosted,
      vpnOverConnection: privateVpns.map((vpn) => vpn.vpnConnectionId),
      declaredVpnProtected: declared,
    };
    if (macsec) return { status: 'PASS', message: `${subject} encrypts with MACsec (must_encrypt, encryption up).`, evidence };
    if (privateVpns.length > 0) {
      return {
        status: 'PASS',
        message: `${subject} carries Private IP VPN ${privateVpns.map((vpn) => vpn.vpnConnectionId).join(', ')}, which encrypts the traffic over it.`,
        evidence,
      };
    }
    if (declared)
      return { status: 'PASS', message: `${subject} is declared in the policy as carrying only VPN traffic.`, evidence };
    const remedy =
      connection.macSecCapable && !connection.hosted
        ? connection.encryptionMode && connection.encryptionMode !== 'no_encrypt'
          ? `MACsec is configured as ${connection.encryptionMode} with encryption ${connection.portEncryptionStatus ?? 'status unknown'}: set must_encrypt and fix the CKN/CAK so encryption is up`
          : 'the port is MACsec-capable: associate a MACsec key and set must_encrypt'
        : `MACsec is not available on this ${connection.hosted ? 'hosted' : 'non-MACsec'} connection: run a Private IP Site-to-Site VPN over a transit VIF`;
    return {
      status: 'FAIL',
      severity: ctx.policy.directConnect.unencryptedSeverity,
      message: `${subject} carries traffic unencrypted; ${remedy}.`,
      evidence: { ...evidence, remedy },
    };
  },
} satisfies Check<'dxConnections'>;

export { check };

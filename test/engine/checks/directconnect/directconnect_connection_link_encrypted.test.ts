import { describe, expect, it } from 'vitest';
import { check } from '../../../../functions/engine/checks/directconnect/directconnect_connection_link_encrypted.ts';
import {
  dxConnection,
  dxVif,
  failedCollection,
  inventory,
  only,
  policy,
  runCheck,
  vpnConnection,
} from '../../../support/builders.ts';

const plain = { encryptionMode: undefined, portEncryptionStatus: undefined, macSecCapable: false };
/** A Private IP VPN on the transit gateway that the connection's transit VIF reaches. */
const privateVpn = vpnConnection({
  vpnConnectionId: 'vpn-overdx',
  outsideIpAddressType: 'PrivateIpv4',
  attachment: { kind: 'transit-gateway', id: 'tgw-00000001' },
});
const evaluate = (
  connection: ReturnType<typeof dxConnection>,
  extra: { vpns?: ReturnType<typeof vpnConnection>[]; pol?: ReturnType<typeof policy> } = {},
) =>
  only(
    runCheck(
      check,
      inventory({ dxConnections: [connection], dxVirtualInterfaces: [dxVif()], vpnConnections: extra.vpns ?? [] }),
      extra.pol,
    ),
    connection.id,
  );

describe('directconnect_connection_link_encrypted', () => {
  it('passes MACsec must_encrypt with encryption up', () => {
    expect(evaluate(dxConnection()).status).toBe('PASS');
  });

  it('fails should_encrypt with encryption down and says to fix MACsec', () => {
    const finding = evaluate(dxConnection({ encryptionMode: 'should_encrypt', portEncryptionStatus: 'Encryption Down' }));
    expect(finding.status).toBe('FAIL');
    expect(finding.evidence.remedy).toBe(
      'MACsec is configured as should_encrypt with encryption Encryption Down: set must_encrypt and fix the CKN/CAK so encryption is up',
    );
  });

  it('tells a MACsec-capable port without a key to enable MACsec', () => {
    const finding = evaluate(dxConnection({ encryptionMode: 'no_encrypt', portEncryptionStatus: undefined }));
    expect(finding.evidence.remedy).toBe('the port is MACsec-capable: associate a MACsec key and set must_encrypt');
  });

  it('tells a hosted connection to use a VPN, since MACsec is not available to it', () => {
    const finding = evaluate(dxConnection({ ...plain, hosted: true }));
    expect(finding.status).toBe('FAIL');
    expect(finding.evidence.remedy).toBe(
      'MACsec is not available on this hosted connection: run a Private IP Site-to-Site VPN over a transit VIF',
    );
  });

  it('passes an unencrypted connection that carries a Private IP VPN via its transit VIF', () => {
    const finding = evaluate(dxConnection(plain), { vpns: [privateVpn] });
    expect(finding.status).toBe('PASS');
    expect(finding.evidence.vpnOverConnection).toEqual(['vpn-overdx']);
  });

  it('does not count a public-internet VPN, or one on an unrelated transit gateway', () => {
    const publicVpn = vpnConnection({
      vpnConnectionId: 'vpn-public',
      outsideIpAddressType: 'PublicIpv4',
      attachment: { kind: 'transit-gateway', id: 'tgw-00000001' },
    });
    const elsewhere = vpnConnection({
      vpnConnectionId: 'vpn-elsewhere',
      outsideIpAddressType: 'PrivateIpv4',
      attachment: { kind: 'transit-gateway', id: 'tgw-other' },
    });
    expect(evaluate(dxConnection(plain), { vpns: [publicVpn, elsewhere] }).status).toBe('FAIL');
  });

  it('accepts a connection the policy declares VPN-protected, and takes the FAIL severity from the policy', () => {
    const declared = policy({ directConnect: { vpnProtectedConnections: ['dxcon-00000001'] } });
    expect(evaluate(dxConnection(plain), { pol: declared }).status).toBe('PASS');
    const critical = policy({ directConnect: { unencryptedSeverity: 'CRITICAL' } });
    expect(evaluate(dxConnection(plain), { pol: critical })).toMatchObject({ status: 'FAIL', severity: 'CRITICAL' });
  });

  it('reports ERROR, not FAIL or PASS, when the VPN connections could not be read', () => {
    const findings = runCheck(
      check,
      inventory(
        { dxConnections: [dxConnection(plain)], dxVirtualInterfaces: [dxVif()] },
        { vpnConnections: failedCollection('ec2', 'DescribeVpnConnections') },
      ),
    );
    expect(only(findings, 'dxcon-00000001').status).toBe('ERROR');
  });
});

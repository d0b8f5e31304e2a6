import { describe, expect, it } from 'vitest';
import { check } from '../../../../functions/engine/checks/directconnect/directconnect_virtual_interface_bgp_up.ts';
import { dxVif, inventory, only, runCheck } from '../../../support/builders.ts';

const evaluate = (vif: ReturnType<typeof dxVif>) => only(runCheck(check, inventory({ dxVirtualInterfaces: [vif] })), vif.id);

describe('directconnect_virtual_interface_bgp_up', () => {
  it('passes an available VIF whose BGP peers are all up', () => {
    expect(evaluate(dxVif()).status).toBe('PASS');
  });

  it('fails a VIF with its IPv6 peer down, naming the peer', () => {
    const finding = evaluate(
      dxVif({
        bgpPeers: [
          { peerId: 'dxpeer-v4', state: 'available', status: 'up' },
          { peerId: 'dxpeer-v6', state: 'available', status: 'down' },
        ],
      }),
    );
    expect(finding.status).toBe('FAIL');
    expect(finding.message).toContain('has BGP peer dxpeer-v6 down');
  });

  it('fails a VIF that is not available and reports ERROR when no BGP peers are reported', () => {
    expect(evaluate(dxVif({ state: 'down' })).status).toBe('FAIL');
    expect(evaluate(dxVif({ bgpPeers: [] })).status).toBe('ERROR');
  });
});

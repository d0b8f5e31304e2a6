import { describe, expect, it } from 'vitest';
import { check } from '../../../../functions/engine/checks/directconnect/directconnect_gateway_vif_redundancy.ts';
import { dxGateway, inventory, only, runCheck } from '../../../support/builders.ts';

const evaluate = (vifs: Parameters<typeof dxGateway>[0]) =>
  only(runCheck(check, inventory({ dxGateways: [dxGateway(vifs)] })), 'dxgw-00000001');
const vif = (virtualInterfaceId: string, connectionId: string, state = 'available') => ({
  virtualInterfaceId,
  connectionId,
  state,
});

describe('directconnect_gateway_vif_redundancy', () => {
  it('passes two VIFs on two connections', () => {
    expect(evaluate([vif('dxvif-a', 'dxcon-a'), vif('dxvif-b', 'dxcon-b')]).status).toBe('PASS');
  });

  it('fails two VIFs on the same connection', () => {
    const finding = evaluate([vif('dxvif-a', 'dxcon-a'), vif('dxvif-b', 'dxcon-a')]);
    expect(finding.status).toBe('FAIL');
    expect(finding.message).toBe(
      'Direct Connect gateway dxgw-00000001 is reached by 2 available VIFs on 1 connection; two VIFs on two connections are needed.',
    );
  });

  it('fails when the second VIF is down', () => {
    expect(evaluate([vif('dxvif-a', 'dxcon-a'), vif('dxvif-b', 'dxcon-b', 'down')]).status).toBe('FAIL');
  });
});

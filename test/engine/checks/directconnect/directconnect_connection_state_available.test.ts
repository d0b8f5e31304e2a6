import { describe, expect, it } from 'vitest';
import { check } from '../../../../functions/engine/checks/directconnect/directconnect_connection_state_available.ts';
import { dxConnection, inventory, only, runCheck } from '../../../support/builders.ts';

const evaluate = (connection: ReturnType<typeof dxConnection>) =>
  only(runCheck(check, inventory({ dxConnections: [connection] })), connection.id);

describe('directconnect_connection_state_available', () => {
  it('passes available, fails down at HIGH and still-provisioning at MEDIUM', () => {
    expect(evaluate(dxConnection()).status).toBe('PASS');
    expect(evaluate(dxConnection({ state: 'down' }))).toMatchObject({ status: 'FAIL', severity: 'HIGH' });
    const ordering = evaluate(dxConnection({ state: 'ordering' }));
    expect(ordering).toMatchObject({ status: 'FAIL', severity: 'MEDIUM' });
    expect(ordering.message).toBe('Direct Connect connection dxcon-00000001 (dc-a, EqDC2) is ordering.');
  });
});

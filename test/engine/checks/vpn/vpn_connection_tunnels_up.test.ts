import { describe, expect, it } from 'vitest';
import { check } from '../../../../functions/engine/checks/vpn/vpn_connection_tunnels_up.ts';
import { inventory, only, runCheck, tunnel, vpnConnection } from '../../../support/builders.ts';

const evaluate = (connection: ReturnType<typeof vpnConnection>) =>
  only(runCheck(check, inventory({ vpnConnections: [connection] })), connection.id);
// NOW in the builders is 2026-11-22T12:00:00Z.
const downSince = (iso: string) => ({ status: 'DOWN' as const, lastStatusChange: iso });

describe('vpn_connection_tunnels_up', () => {
  it('passes when both tunnels are up', () => {
    const finding = evaluate(vpnConnection());
    expect(finding.status).toBe('PASS');
    expect(finding.evidence.tunnelsUp).toBe(2);
  });

  it('fails one tunnel down as lost redundancy (HIGH), naming the tunnel and how long it has been down', () => {
    const finding = evaluate(
      vpnConnection({ tunnels: [tunnel('203.0.113.1'), tunnel('203.0.113.2', downSince('2026-11-22T09:15:00.000Z'))] }),
    );
    expect(finding).toMatchObject({ status: 'FAIL', severity: 'HIGH' });
    expect(finding.message).toBe(
      'Site-to-Site VPN vpn-00000001 (virtual private gateway vgw-00000001) has lost its redundancy: 203.0.113.2 down for 2 h 45 min (since 2026-11-22T09:15:00.000Z).',
    );
    expect(finding.evidence.tunnels).toEqual([
      { outsideIp: '203.0.113.1', status: 'UP', since: '2026-11-01T00:00:00.000Z', message: null },
      { outsideIp: '203.0.113.2', status: 'DOWN', since: '2026-11-22T09:15:00.000Z', message: null },
    ]);
  });

  it('fails both tunnels down as CRITICAL: no private path at all', () => {
    const finding = evaluate(
      vpnConnection({
        tunnels: [
          tunnel('203.0.113.1', downSince('2026-11-19T12:00:00.000Z')),
          tunnel('203.0.113.2', downSince('2026-11-22T11:50:00.000Z')),
        ],
      }),
    );
    expect(finding).toMatchObject({ status: 'FAIL', severity: 'CRITICAL' });
    expect(finding.message).toContain('203.0.113.1 down for 3 days');
    expect(finding.message).toContain('203.0.113.2 down for 10 min');
    expect(finding.message).toContain('no private path');
  });

  it('reports ERROR when AWS gave no telemetry, rather than assuming the tunnels are up', () => {
    const blind = vpnConnection({
      tunnels: [tunnel('203.0.113.1', { status: undefined }), tunnel('203.0.113.2', { status: undefined })],
    });
    expect(evaluate(blind).status).toBe('ERROR');
    expect(evaluate(vpnConnection({ tunnels: [] })).status).toBe('ERROR');
    // One tunnel up and the other unreported is still not proof of redundancy.
    expect(
      evaluate(vpnConnection({ tunnels: [tunnel('203.0.113.1'), tunnel('203.0.113.2', { status: undefined })] })).status,
    ).toBe('ERROR');
  });

  it('fails a connection that reports a single tunnel', () => {
    expect(evaluate(vpnConnection({ tunnels: [tunnel('203.0.113.1')] })).status).toBe('FAIL');
  });

  it('leaves tunnel state alone while the connection is not yet available', () => {
    const pending = vpnConnection({ state: 'pending', tunnels: [tunnel('203.0.113.1', downSince('2026-11-22T11:00:00.000Z'))] });
    expect(evaluate(pending).status).toBe('NOT_APPLICABLE');
  });
});

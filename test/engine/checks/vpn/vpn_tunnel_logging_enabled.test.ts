import { describe, expect, it } from 'vitest';
import { check } from '../../../../functions/engine/checks/vpn/vpn_tunnel_logging_enabled.ts';
import { inventory, only, policy, runCheck, tunnel, vpnConnection } from '../../../support/builders.ts';

const evaluate = (t: ReturnType<typeof tunnel>, pol = policy()) =>
  only(runCheck(check, inventory({ vpnConnections: [vpnConnection({ tunnels: [t] })] }), pol), `vpn-00000001/${t.outsideIp}`);

describe('vpn_tunnel_logging_enabled', () => {
  it('passes a tunnel that logs and fails one that does not, at the lower severity', () => {
    expect(evaluate(tunnel('203.0.113.1')).status).toBe('PASS');
    const finding = evaluate(tunnel('203.0.113.1', { loggingEnabled: false }));
    expect(finding.status).toBe('FAIL');
    expect(finding.severity).toBe(check.severity);
    expect(['LOW', 'MEDIUM']).toContain(check.severity);
  });

  it('reports ERROR when AWS returned no log options', () => {
    expect(evaluate(tunnel('203.0.113.1', { loggingEnabled: undefined })).status).toBe('ERROR');
  });

  it('is not applicable when the policy does not require tunnel logs', () => {
    expect(evaluate(tunnel('203.0.113.1', { loggingEnabled: false }), policy({ vpn: { requireLogging: false } })).status).toBe(
      'NOT_APPLICABLE',
    );
  });
});

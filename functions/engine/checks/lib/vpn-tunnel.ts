/** Per-tunnel judgement for Site-to-Site VPN checks: one verdict per tunnel, named by its outside IP. */
import type { TunnelSetting, VpnConnection, VpnTunnel } from '../../model/connectivity.ts';
import type { Resource, Verdict } from '../../types.ts';

/**
 * Strength of each Diffie-Hellman group as equivalent MODP bits (RFC 3526, 5114, 5903; NIST
 * SP 800-57). Group numbers are not ordered by strength: group 22 is 1024-bit MODP.
 */
export const DH_GROUP_STRENGTH: Readonly<Record<number, number>> = {
  1: 768,
  2: 1024,
  5: 1536,
  14: 2048,
  15: 3072,
  16: 4096,
  17: 6144,
  18: 8192,
  19: 3072,
  20: 7680,
  21: 15360,
  22: 1024,
  23: 2048,
  24: 2048,
};

/** Groups weaker than `floorGroup` (unknown groups are weak: fail closed). */
export const weakDhGroups = (groups: readonly number[], floorGroup: number): number[] => {
  const floor = DH_GROUP_STRENGTH[floorGroup] ?? 2048;
  return groups.filter((group) => (DH_GROUP_STRENGTH[group] ?? 0) < floor);
};

/** `AWS defaults (…)` when the option was left empty, else the list. */
export const describeSetting = <T>(setting: TunnelSetting<T>): string =>
  setting.isDefault ? `AWS defaults (${setting.values.join(', ')})` : setting.values.join(', ');

export const vpnSubject = (connection: VpnConnection): string => {
  const on =
    connection.attachment.kind === 'transit-gateway'
      ? `transit gateway ${connection.attachment.id}`
      : connection.attachment.kind === 'virtual-private-gateway'
        ? `virtual private gateway ${connection.attachment.id}`
        : 'no gateway';
  return `Site-to-Site VPN ${connection.vpnConnectionId} (${on})`;
};

/** Runs `judge` for every tunnel; a connection with no tunnel details at all is one ERROR. */
export const judgeTunnels = (
  resource: Resource<VpnConnection>,
  judge: (tunnel: VpnTunnel, subject: string) => Omit<Verdict, 'facet'>,
): Verdict[] => {
  const connection = resource.attributes;
  if (connection.tunnels.length === 0) {
    return [
      {
        status: 'ERROR',
        message: `${vpnSubject(connection)}: AWS returned no tunnel details, so its tunnels cannot be judged.`,
        evidence: {},
      },
    ];
  }
  return connection.tunnels.map((tunnel) => ({
    ...judge(tunnel, `${vpnSubject(connection)} tunnel ${tunnel.outsideIp}`),
    facet: tunnel.outsideIp,
  }));
};

/**
 * The verdict of a per-phase rule (encryption, integrity, DH groups): PASS when neither phase
 * allows a rejected value, else FAIL naming each phase, what it allows, and whether that came
 * from AWS's defaults.
 */
export const judgePhases = <T>(
  subject: string,
  phases: { readonly phase1: TunnelSetting<T>; readonly phase2: TunnelSetting<T> },
  rejected: (values: readonly T[]) => readonly T[],
  wording: { readonly passes: string; readonly allows: string; readonly phase2Label?: string },
  evidence: Record<string, unknown>,
): Omit<Verdict, 'facet'> => {
  const problems = [
    { label: 'phase 1', setting: phases.phase1 },
    { label: wording.phase2Label ?? 'phase 2', setting: phases.phase2 },
  ]
    .map((phase) => ({ ...phase, bad: rejected(phase.setting.values) }))
    .filter((phase) => phase.bad.length > 0);
  if (problems.length === 0) return { status: 'PASS', message: `${subject} ${wording.passes}.`, evidence };
  const parts = problems.map(
    (phase) => `${phase.label} ${wording.allows} ${phase.bad.join(', ')} (${describeSetting(phase.setting)})`,
  );
  return {
    status: 'FAIL',
    message: `${subject}: ${parts.join('; ')}.`,
    evidence,
    degree: problems.reduce((sum, phase) => sum + phase.bad.length, 0),
  };
};

/** {@link judgePhases} for an allow-list from the policy: anything not on it is rejected. */
export const judgeAllowList = (
  subject: string,
  phases: { readonly phase1: TunnelSetting<string>; readonly phase2: TunnelSetting<string> },
  allowed: readonly string[],
  passes: string,
): Omit<Verdict, 'facet'> =>
  judgePhases(
    subject,
    phases,
    (values) => values.filter((value) => !allowed.includes(value)),
    { passes, allows: 'allows' },
    {
      ...phases,
      allowed,
    },
  );

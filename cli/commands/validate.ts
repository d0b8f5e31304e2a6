/** `tpm validate`: check a policy file in CI before it is deployed, without touching AWS. */

import { parseArgs } from 'node:util';
import { DEFAULT_CATALOG } from '../../functions/engine/catalog.ts';
import { CHECK_IDS } from '../../functions/engine/checks/registry.ts';
import { UsageError } from '../../functions/engine/errors.ts';
import { loadPolicy } from '../../functions/engine/policy/load.ts';
import { expiredSuppressions } from '../../functions/engine/policy/suppressions.ts';
import type { ExitCode } from '../exit-codes.ts';
import type { Io } from '../io.ts';

export const VALIDATE_HELP = `tpm validate — check a policy file without calling AWS

Usage: tpm validate <policy-file>        (or: tpm validate --config <policy-file>)

Prints "valid" and a short digest of what the policy requires, or every problem with its
field path (exit 3). Expired suppressions are reported as warnings.

Example:
  tpm validate policy.yaml
`;

export const runValidateCommand = async (args: readonly string[], io: Io): Promise<ExitCode> => {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: { config: { type: 'string', short: 'c' }, help: { type: 'boolean', short: 'h', default: false } },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    io.stdout.write(VALIDATE_HELP);
    return 0;
  }
  // --config too, so the flag that works for `tpm scan` works here.
  const [file, extra] = values.config === undefined ? positionals : [values.config, ...positionals];
  if (file === undefined || extra !== undefined) throw new UsageError('tpm validate takes exactly one policy file', 'validate');
  const policy = await loadPolicy(file, { catalog: DEFAULT_CATALOG, knownCheckIds: CHECK_IDS });
  const expired = expiredSuppressions(policy.suppressions, new Date());
  io.stdout.write(
    [
      `${file}: valid`,
      `  regions: ${policy.regions?.join(', ') ?? '(from --region or AWS_REGION)'}`,
      `  monitored services: ${policy.monitoredServices.join(', ')}`,
      `  required endpoint rules: ${policy.requiredEndpoints.length}`,
      `  trusted accounts: ${policy.trustedAccounts.size}, organizations: ${policy.trustedOrganizationIds.size}`,
      `  VPN tunnels: IKEv2 only; encryption ${policy.vpn.allowedEncryption.join('/')}; integrity ${policy.vpn.allowedIntegrity.join('/')}; DH at least group ${policy.vpn.minimumDhGroup}; logs ${policy.vpn.requireLogging ? 'required' : 'optional'}`,
      `  Direct Connect: ${policy.directConnect.minimumConnections} connections in ${policy.directConnect.minimumLocations} locations per region; unencrypted path is ${policy.directConnect.unencryptedSeverity}`,
      `  suppressions: ${policy.suppressions.length}${expired.length ? ` (${expired.length} expired)` : ''}`,
      ...expired.map((rule) => `  warning: suppression for ${rule.check} on ${rule.resource} expired on ${rule.expires}`),
      '',
    ].join('\n'),
  );
  return 0;
};

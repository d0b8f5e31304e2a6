/**
 * Judging a terminator's TLS policy by what it contains, not by its name: the lowest protocol
 * and any non-forward-secret suite, resolved from DescribeSSLPolicies or AWS's published table.
 */
import type { TlsPolicyHolder } from '../../model/tls.ts';
import { isAnonymous, isForwardSecret, suiteByName } from '../../tls/registry.ts';
import { isBelow, TLS_VERSIONS } from '../../tls-versions.ts';
import type { Resource, Verdict } from '../../types.ts';
import type { EvaluationContext } from '../check.ts';
import { versionList } from './tls-endpoint.ts';

const describe = (holder: TlsPolicyHolder): string =>
  `${holder.label} uses ${holder.policyName}${holder.policyIsDefault ? ' (the default, because none was chosen)' : ''}`;

const unresolved = (holder: TlsPolicyHolder): Verdict => ({
  status: 'ERROR',
  message: `${describe(holder)}, which could not be resolved to protocols and ciphers, so it cannot be judged.`,
  evidence: { policyName: holder.policyName, resolvedFrom: holder.resolvedFrom },
});

/** FAIL when the policy allows a protocol older than the organisation's minimum. */
export const judgePolicyMinimumVersion = (resource: Resource<TlsPolicyHolder>, ctx: EvaluationContext): Verdict => {
  const holder = resource.attributes;
  if (!holder.protocols) return unresolved(holder);
  const required = ctx.policy.minimumTls('');
  const ordered = [...holder.protocols].sort((a, b) => TLS_VERSIONS.indexOf(a) - TLS_VERSIONS.indexOf(b));
  const below = ordered.filter((version) => isBelow(version, required));
  const evidence = {
    policyName: holder.policyName,
    protocols: ordered,
    lowestProtocol: ordered[0] ?? null,
    requiredMinimum: required,
    resolvedFrom: holder.resolvedFrom,
  };
  if (below.length > 0) {
    return {
      status: 'FAIL',
      message: `${describe(holder)}, which allows ${versionList(below)}, below the required ${versionList([required])}.`,
      evidence,
      degree: below.length,
    };
  }
  return { status: 'PASS', message: `${describe(holder)}, which allows ${versionList(ordered)} only.`, evidence };
};

/** FAIL when the policy lists any suite without forward secrecy. */
export const judgePolicyForwardSecrecy = (resource: Resource<TlsPolicyHolder>): Verdict => {
  const holder = resource.attributes;
  if (!holder.ciphers) return unresolved(holder);
  const unknown = holder.ciphers.filter((name) => !suiteByName(name));
  const weak = holder.ciphers.filter((name) => {
    const suite = suiteByName(name);
    return suite !== undefined && (!isForwardSecret(suite) || isAnonymous(suite));
  });
  const evidence = {
    policyName: holder.policyName,
    ciphers: holder.ciphers.length,
    nonForwardSecretSuites: weak,
    unknownSuites: unknown,
  };
  if (weak.length > 0) {
    return {
      status: 'FAIL',
      message: `${describe(holder)}, which includes ${weak.length} suite${weak.length === 1 ? '' : 's'} without forward secrecy (${weak.slice(0, 3).join(', ')}${weak.length > 3 ? ', …' : ''}).`,
      evidence,
      degree: weak.length,
    };
  }
  if (unknown.length > 0) {
    return {
      status: 'ERROR',
      message: `${describe(holder)}, which lists suites this monitor does not know (${unknown.join(', ')}).`,
      evidence,
    };
  }
  return { status: 'PASS', message: `${describe(holder)}, which lists only forward-secret suites.`, evidence };
};

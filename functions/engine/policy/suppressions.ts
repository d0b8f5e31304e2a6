/**
 * Suppressions record an accepted risk with a reason and an end date. They only ever apply to
 * FAIL findings: suppressing an ERROR would hide lost visibility, which is never an accepted
 * risk. An expired suppression stops suppressing and says so on the finding.
 */
import { matchesGlob } from '../text.ts';
import type { AppliedSuppression, Finding } from '../types.ts';
import type { SuppressionRule } from './schema.ts';

/** A suppression is valid through the end (UTC) of its `expires` day. */
export const isExpired = (rule: SuppressionRule, now: Date): boolean =>
  now.getTime() > Date.parse(`${rule.expires}T23:59:59.999Z`);

const matches = (rule: SuppressionRule, finding: Finding): boolean =>
  matchesGlob(rule.check, finding.checkId) &&
  matchesGlob(rule.resource, finding.resourceId) &&
  (!rule.accounts || rule.accounts.includes(finding.account)) &&
  (!rule.regions || rule.regions.includes(finding.region));

/**
 * Attaches the first matching active suppression to each FAIL finding; if only expired ones
 * match, attaches the most recently expired one so the report can say "expired on …".
 */
export const applySuppressions = (findings: readonly Finding[], rules: readonly SuppressionRule[], now: Date): Finding[] =>
  findings.map((finding) => {
    if (finding.status !== 'FAIL' || rules.length === 0) return finding;
    const matching = rules.filter((rule) => matches(rule, finding));
    if (matching.length === 0) return finding;
    const active = matching.find((rule) => !isExpired(rule, now));
    const chosen = active ?? [...matching].sort((a, b) => b.expires.localeCompare(a.expires))[0];
    if (!chosen) return finding;
    const suppression: AppliedSuppression = {
      state: active ? 'active' : 'expired',
      reason: chosen.reason,
      expires: chosen.expires,
      resourcePattern: chosen.resource,
    };
    const message = active
      ? finding.message
      : `${finding.message} (suppression "${chosen.reason}" expired on ${chosen.expires} and no longer applies)`;
    return { ...finding, message, suppression };
  });

/** Suppressions that have expired, so the scan summary can warn about them once. */
export const expiredSuppressions = (rules: readonly SuppressionRule[], now: Date): SuppressionRule[] =>
  rules.filter((rule) => isExpired(rule, now));

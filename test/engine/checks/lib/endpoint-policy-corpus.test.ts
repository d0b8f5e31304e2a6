/**
 * The endpoint-policy checks over the documented corpus: each case's label comes from the IAM
 * User Guide passage or published policy it names, and all four checks must agree with it —
 * ERROR for what IAM rejects, exactly one trust check failing for each way an outsider gets in,
 * and a witness on every FAIL.
 */
import { describe, expect, it } from 'vitest';
import { check as noWildcardActions } from '../../../../functions/engine/checks/vpc/vpc_endpoint_policy_no_wildcard_actions.ts';
import { check as notFullAccess } from '../../../../functions/engine/checks/vpc/vpc_endpoint_policy_not_full_access.ts';
import { check as trustedPrincipals } from '../../../../functions/engine/checks/vpc/vpc_endpoint_policy_trusted_principals.ts';
import { check as wildcardBounded } from '../../../../functions/engine/checks/vpc/vpc_endpoint_policy_wildcard_principal_bounded.ts';
import { endpoint, healthyNetwork, inventory, ORG, only, policy, runCheck } from '../../../support/builders.ts';
import { type CorpusCase, POLICY_CORPUS } from './endpoint-policy-corpus.ts';

const documentText = (entry: CorpusCase): string =>
  typeof entry.document === 'string' ? entry.document : JSON.stringify(entry.document);

const judge = (entry: CorpusCase) => {
  // Prepare: the corpus endpoint with the case's document and trust.
  const inv = inventory({ ...healthyNetwork(), vpcEndpoints: [endpoint({ policyDocument: documentText(entry) })] });
  const pol = policy({
    trust: { organizationIds: [ORG, ...(entry.trust?.organizationIds ?? [])], accounts: [...(entry.trust?.accounts ?? [])] },
  });
  // Act: all four checks.
  const run = (check: Parameters<typeof runCheck>[0]) => only(runCheck(check, inv, pol), 'vpce-00000001');
  return {
    trusted: run(trustedPrincipals),
    wildcard: run(wildcardBounded),
    full: run(notFullAccess),
    actions: run(noWildcardActions),
  };
};

describe('endpoint-policy corpus', () => {
  it('has at least 80 cases, each with a source and a unique name', () => {
    expect(POLICY_CORPUS.length).toBeGreaterThanOrEqual(80);
    expect(new Set(POLICY_CORPUS.map((entry) => entry.name)).size).toBe(POLICY_CORPUS.length);
    for (const entry of POLICY_CORPUS) expect(entry.source.length).toBeGreaterThan(10);
  });

  for (const entry of POLICY_CORPUS) {
    it(`${entry.expect}: ${entry.name} — ${entry.source}`, () => {
      const { trusted, wildcard, full, actions } = judge(entry);
      // Assess
      if (entry.expect === 'error') {
        for (const finding of [trusted, wildcard, full, actions]) {
          expect(finding.status).toBe('ERROR');
          expect(finding.message).toContain(entry.problem);
        }
        return;
      }
      expect([trusted.status, wildcard.status]).toEqual([
        entry.expect === 'named' ? 'FAIL' : 'PASS',
        entry.expect === 'wildcard' ? 'FAIL' : 'PASS',
      ]);
      for (const finding of [trusted, wildcard].filter((item) => item.status === 'FAIL')) {
        const [exposure] = finding.evidence.exposures as { witness: { principal: string; action: string } }[];
        expect(exposure?.witness.principal).toBeTruthy();
        expect(finding.message).toContain(exposure?.witness.action);
      }
      expect(full.status).toBe(entry.fullAccess ? 'FAIL' : 'PASS');
      expect(actions.status).toBe(entry.wildcardActions ? 'FAIL' : 'PASS');
      if (actions.status === 'FAIL') expect(actions.severity).toBe('LOW');
    });
  }
});

/**
 * Differential test of the endpoint-policy reasoner against an independent IAM evaluator
 * (@cloud-copilot/iam-simulate, see test/support/iam-simulator.ts), over the documented corpus:
 * - every witness the reasoner emits must be Allowed by the simulator's endpoint analysis;
 * - for every policy the reasoner finds closed to outsiders, generated adversarial requests
 *   (outside accounts in no organization and in other organizations, anonymous callers, users,
 *   roles and roots, every DynamoDB action and both accounts' tables, and every context key the
 *   policy tests set to its values, other values or nothing) must all be denied.
 * What the simulator does not cover is listed in the README's endpoint-policy section.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseEndpointPolicy } from '../../../../functions/engine/checks/lib/endpoint-policy.ts';
import { analyseEndpointPolicy, type TrustContext } from '../../../../functions/engine/checks/lib/policy-reasoner.ts';
import { simulatorAllows } from '../../../support/iam-simulator.ts';
import {
  CORPUS_ACCOUNT,
  CORPUS_ENDPOINT,
  CORPUS_ORG,
  CORPUS_VPC,
  type CorpusCase,
  POLICY_CORPUS,
} from './endpoint-policy-corpus.ts';

const trustFor = (entry: CorpusCase): TrustContext => ({
  endpointId: CORPUS_ENDPOINT,
  vpcId: CORPUS_VPC,
  region: 'us-east-1',
  account: CORPUS_ACCOUNT,
  trustedAccounts: new Set([CORPUS_ACCOUNT, ...(entry.trust?.accounts ?? [])]),
  trustedOrganizationIds: new Set([CORPUS_ORG, ...(entry.trust?.organizationIds ?? [])]),
  actionPrefix: 'dynamodb',
});

/**
 * Where the simulator departs from the IAM User Guide, the guide decides and the case is left to
 * the corpus labels (each deviation was confirmed by hand against the simulator).
 */
const SIMULATOR_DEVIATIONS: Readonly<Record<string, string>> = {
  'the same variable is literal text in 2008-10-17':
    'the simulator resolves policy variables in a 2008-10-17 document; the Variables page says they are literal text there',
  "resources of the caller's own account, by variable":
    'the simulator does not resolve policy variables in the Resource element; the Variables page says it should',
};

const parsedCorpus = POLICY_CORPUS.filter((entry) => SIMULATOR_DEVIATIONS[entry.name] === undefined).flatMap((entry) => {
  const text = typeof entry.document === 'string' ? entry.document : JSON.stringify(entry.document);
  const parsed = parseEndpointPolicy(text);
  // The simulator reads the document itself (a BOM stripped, as IAM's own parser would).
  return parsed.ok ? [{ entry, policy: parsed.policy, document: JSON.parse(text.replace(/^\uFEFF/, '')) as unknown }] : [];
});

const ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:Query',
  'dynamodb:DeleteTable',
  'dynamodb:DescribeTable',
  'dynamodb:UpdateItem',
  'dynamodb:BatchWriteItem',
];
const FIXED = new Set([
  'aws:sourcevpce',
  'aws:sourcevpc',
  'aws:sourceip',
  'aws:principalarn',
  'aws:principalaccount',
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:principaltype',
  'aws:principalisawsservice',
  'aws:sourceaccount',
  'aws:sourcearn',
  'aws:sourceorgid',
]);

/** Adversarial requests for one policy: outsiders only, every free key the policy tests. */
const adversarialRequests = (entry: CorpusCase, policy: ReturnType<typeof parsedCorpus.at> & object) => {
  const trust = trustFor(entry);
  const strings = JSON.stringify(policy.document);
  const accounts = [...new Set(['444455556666', '999988887777', ...(strings.match(/(?<!\d)\d{12}(?!\d)/g) ?? [])])].filter(
    (account) => !trust.trustedAccounts.has(account),
  );
  const orgs = [...new Set(['o-otherorg5678', 'o-tpmrandom01', ...(strings.match(/o-[a-z0-9]{10,32}/g) ?? [])])].filter(
    (org) => !trust.trustedOrganizationIds.has(org),
  );
  const freeKeys = new Map<string, string[]>();
  for (const statement of policy.policy.statements) {
    for (const clause of statement.conditions) {
      if (FIXED.has(clause.key)) continue;
      const values = clause.values.map((value) => value.replace(/\*/g, 'x').replace(/\?/g, 'y').split('/')[0] as string);
      freeKeys.set(clause.keyText, [
        ...(freeKeys.get(clause.keyText) ?? []),
        ...values,
        'tpm-random',
        'true',
        'false',
        '1',
        '10.0.0.5',
      ]);
    }
  }
  const principal = fc.oneof(
    fc.constant({ principal: 'anonymous', account: undefined as string | undefined, kind: 'Anonymous' }),
    fc.tuple(fc.constantFrom(...accounts), fc.constantFrom('role/app', 'user/alice', 'root')).map(([account, name]) => ({
      principal: `arn:aws:iam::${account}:${name}`,
      account: account as string | undefined,
      kind: name === 'root' ? 'Account' : name.startsWith('user') ? 'User' : 'AssumedRole',
    })),
  );
  const context = fc.record(
    Object.fromEntries([...freeKeys].map(([key, values]) => [key, fc.option(fc.constantFrom(...values), { nil: undefined })])),
  );
  return fc
    .record({
      who: principal,
      org: fc.option(fc.constantFrom(...orgs), { nil: undefined }),
      action: fc.constantFrom(...ACTIONS),
      owner: fc.constantFrom(CORPUS_ACCOUNT, accounts[0] as string),
      context,
    })
    .map(({ who, org, action, owner, context: free }) => ({
      principal: who.principal,
      action,
      resource: `arn:aws:dynamodb:us-east-1:${owner}:table/orders`,
      context: {
        'aws:SourceVpce': CORPUS_ENDPOINT,
        'aws:SourceVpc': CORPUS_VPC,
        'aws:PrincipalIsAWSService': 'false',
        'aws:PrincipalType': who.kind,
        ...(who.account ? { 'aws:PrincipalAccount': who.account, 'aws:PrincipalArn': who.principal } : {}),
        ...(who.account && org
          ? { 'aws:PrincipalOrgID': org, 'aws:PrincipalOrgPaths': [`${org}/r-zz99/ou-zz99-00000000/`] }
          : {}),
        ...Object.fromEntries(Object.entries(free).filter(([, value]) => value !== undefined)),
      } as Record<string, string | string[]>,
    }));
};

describe('endpoint-policy reasoner against an independent IAM simulator', () => {
  it('covers most of the corpus', () => {
    expect(parsedCorpus.length).toBeGreaterThanOrEqual(70);
  });

  for (const item of parsedCorpus) {
    const { entry, policy, document } = item;
    it(`${entry.name}: witnesses are allowed, or outsiders are denied`, async () => {
      const analysis = analyseEndpointPolicy(policy, trustFor(entry));
      if (!analysis.conclusive) throw new Error(analysis.problem);
      for (const exposure of analysis.exposures) {
        const { witness } = exposure;
        expect(await simulatorAllows(document, witness), JSON.stringify(witness)).toBe(true);
      }
      if (analysis.exposures.length > 0) return;
      await fc.assert(
        fc.asyncProperty(adversarialRequests(entry, item), async (request) => {
          expect(await simulatorAllows(document, request), JSON.stringify(request)).toBe(false);
        }),
        { numRuns: 40, seed: 20261201 },
      );
    });
  }
});

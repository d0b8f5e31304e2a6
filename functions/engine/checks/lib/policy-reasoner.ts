/**
 * The endpoint-policy reasoner: *can a principal outside the trust set make a request through
 * this endpoint that the policy allows, and which one?* It answers by IAM's own evaluation
 * (`policy-evaluation.ts`), searched over every request that could make a difference.
 *
 * The search space is finite because a policy only distinguishes finitely many cases. For each
 * Allow statement it tries:
 * - **principals**: anonymous callers; principals of a fresh outside account and of every
 *   untrusted account the policy names, each in no organization, in a fresh organization and in
 *   every untrusted organization the policy names (or a policy pattern admits), with a fresh
 *   role, a fresh user, the root, and every ARN the policy's patterns admit in that account;
 *   listed federated providers. AWS service principals are trusted, as AWS's data-perimeter
 *   guidance treats them.
 * - **actions and resources**: what the statement names (wildcards instantiated), real actions of
 *   the endpoint's service, and a resource in the outside account and in the owner's account;
 *   one representative of each class the policy cannot tell apart.
 * - **every other condition key**: absent, each value the policy compares it with (wildcards
 *   instantiated, numbers and dates either side, an address inside each CIDR), one value the
 *   policy never names, and for multivalued keys the empty set, singletons and pairs.
 * Keys the caller cannot choose are fixed: `aws:SourceVpce` and `aws:SourceVpc` are the
 * endpoint's own (so they never bound identity), `aws:SourceIp` is absent through an endpoint,
 * the principal's ARN, account, organization and type follow from the principal, and the
 * service-to-service keys (`aws:SourceAccount`, `aws:SourceArn`, `aws:SourceOrgID`) are absent
 * for a principal calling directly. A depth-first search assigns the free keys, pruning as soon
 * as the target statement fails or a Deny is certain to match.
 *
 * A search that exceeds its budget is inconclusive (ERROR), never a PASS.
 */
import type { EndpointType } from '../../model/network.ts';
import { ANY_ONE, ANY_RUN } from '../../text.ts';
import { accountOfPrincipal, type ConditionClause, type EndpointPolicy, type PolicyStatement } from './endpoint-policy.ts';
import {
  actionApplies,
  clauseHolds,
  decide,
  type PolicyRequest,
  type RequestPrincipal,
  statementTargets,
  valueTokens,
} from './policy-evaluation.ts';

/** What the analysis needs to know about the endpoint and who is trusted. */
export interface TrustContext {
  readonly endpointId: string;
  readonly vpcId: string;
  readonly region: string;
  /** The account that owns the endpoint. */
  readonly account: string;
  readonly trustedAccounts: ReadonlySet<string>;
  readonly trustedOrganizationIds: ReadonlySet<string>;
  /** IAM prefix of the service the endpoint carries (`dynamodb`); requests through it use only that. */
  readonly actionPrefix: string | undefined;
  /** Gateway endpoints read an account principal as its root user only. */
  readonly endpointType?: EndpointType | undefined;
}

/** A concrete request the policy allows: what a user needs to believe and fix a finding. */
export interface Witness {
  /** The principal ARN, or `anonymous`, or a federated provider. */
  readonly principal: string;
  readonly account: string | null;
  readonly organization: string | null;
  readonly action: string;
  readonly resource: string;
  /** Context keys as the request carries them (canonical names), absent keys left out. */
  readonly context: Readonly<Record<string, string | readonly string[]>>;
  /** The statement that allows it. */
  readonly statement: { readonly index: number; readonly sid: string | null };
}

/** An Allow statement through which an untrusted principal gets in. */
export interface Exposure {
  readonly statement: number;
  readonly sid: string | undefined;
  /** `named`: the statement names the outsider (Principal or an identity condition); `wildcard`: it admits anyone. */
  readonly kind: 'named' | 'wildcard';
  /** The untrusted accounts, organizations and principals the statement names. */
  readonly named: readonly string[];
  /** Why the statement lets the witness in, clause by clause. */
  readonly reasons: readonly string[];
  readonly witness: Witness;
}

/** An Allow statement that grants `*`, `service:*` or NotAction and that some request really reaches. */
export interface WildcardGrant {
  readonly statement: number;
  readonly action: string;
  /** Whether only trusted principals reach it. */
  readonly trustedOnly: boolean;
}

export type PolicyAnalysis =
  | {
      readonly conclusive: true;
      readonly exposures: readonly Exposure[];
      readonly wildcardGrants: readonly WildcardGrant[];
      /** Anyone may do anything: an unconditional allow-all and no Deny that can ever apply. */
      readonly fullAccess: boolean;
      /** Requests the search evaluated, for evidence. */
      readonly requestsEvaluated: number;
    }
  | { readonly conclusive: false; readonly problem: string };

/** Evaluation steps one policy may take before the analysis gives up (ERROR). */
export const SEARCH_BUDGET = 400_000;

/**
 * Real actions of each catalog service (Service Authorization Reference), so a witness names a
 * call that exists and the actions a Deny leaves open are found.
 */
const SAMPLE_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  dynamodb: [
    'GetItem',
    'PutItem',
    'Query',
    'Scan',
    'UpdateItem',
    'DeleteItem',
    'BatchGetItem',
    'BatchWriteItem',
    'DescribeTable',
    'DeleteTable',
    'ExportTableToPointInTime',
  ],
  fsx: ['DescribeFileCaches', 'CreateFileCache', 'UpdateFileCache', 'DeleteFileCache', 'TagResource'],
  mobiletargeting: ['GetApp', 'SendMessages', 'SendUsersMessages', 'GetEndpoint', 'UpdateEndpoint', 'DeleteApp'],
};
/** A resource of the type those actions act on, per service. */
const RESOURCE_SHAPE: Readonly<Record<string, string>> = {
  dynamodb: 'table/tpm-witness',
  fsx: 'file-cache/fc-0123456789abcdef0',
  mobiletargeting: 'apps/tpmwitness',
};

const FRESH_ACCOUNTS = ['444455556666', '777788889999', '222233334444'];
const FRESH_ORGS = ['o-tpmoutside01', 'o-tpmoutside02'];
const FRESH_VALUE = 'tpm-unlisted-value';
const OUTSIDE_ADDRESSES = ['198.51.100.77', '2001:db8:ffff::77', '0.0.0.1', '255.255.255.254'];

/** Keys whose value follows from the principal or the endpoint; the caller cannot choose them. */
const CANONICAL_KEYS = [
  'aws:PrincipalArn',
  'aws:PrincipalAccount',
  'aws:PrincipalOrgID',
  'aws:PrincipalOrgPaths',
  'aws:PrincipalType',
  'aws:PrincipalIsAWSService',
  'aws:PrincipalServiceName',
  'aws:PrincipalServiceNamesList',
  'aws:userid',
  'aws:username',
  'aws:FederatedProvider',
  'aws:SourceVpce',
  'aws:SourceVpc',
  'aws:SourceVpcArn',
  'aws:SourceIp',
  'aws:SourceAccount',
  'aws:SourceArn',
  'aws:SourceOrgID',
  'aws:SourceOrgPaths',
] as const;
const CANONICAL = new Map<string, string>(CANONICAL_KEYS.map((key) => [key.toLowerCase(), key]));
const PRINCIPAL_FIXED = new Set(
  CANONICAL_KEYS.filter((key) => !/^aws:Source(Account|Arn|OrgID|OrgPaths)$/.test(key)).map((key) => key.toLowerCase()),
);
const ALL_FIXED = new Set(CANONICAL.keys());
/** Keys that say where a request came from, never who signed it. */
const NETWORK_KEYS = new Set(['aws:sourcevpce', 'aws:sourcevpc', 'aws:sourcevpcarn', 'aws:vpcsourceip', 'aws:sourceip']);
/** Keys that bound identity when a positive condition names trusted values. */
const IDENTITY_KEYS = new Set([
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:principalaccount',
  'aws:principalarn',
  'aws:userid',
  'aws:username',
  'aws:sourceaccount',
  'aws:sourcearn',
  'aws:sourceorgid',
  'aws:sourceorgpaths',
]);
const MULTIVALUED_KEYS = new Set(['aws:tagkeys', 'aws:calledvia', 'aws:principalorgpaths', 'aws:principalservicenameslist']);

interface Candidate {
  readonly principal: RequestPrincipal;
  readonly organization: string | undefined;
  readonly trusted: boolean;
  /** Values of the fixed keys (a missing entry in `context` with the key in `fixed` means absent). */
  readonly context: ReadonlyMap<string, readonly string[]>;
  readonly fixed: ReadonlySet<string>;
}

class BudgetExceeded extends Error {}

/** Every string a policy contains, for the accounts, organizations and ARNs it names. */
const policyStrings = (policy: EndpointPolicy): string[] =>
  policy.statements.flatMap((statement) => [
    ...statement.principals.aws,
    ...statement.principals.federated,
    ...statement.resources,
    ...statement.conditions.flatMap((clause) => clause.values),
  ]);

/** Account and organization ids as they appear inside policy text (ARNs, paths, values). */
const ACCOUNT_IDS_IN_TEXT = /(?<!\d)\d{12}(?!\d)/g;
const ORGANIZATION_IDS_IN_TEXT = /o-[a-z0-9]{10,32}/g;

/** Concrete strings a pattern admits: wildcards as nothing and as a short run. */
const instances = (tokens: ReturnType<typeof valueTokens>): string[] => {
  if (!tokens) return [];
  const render = (run: string) => tokens.map((token) => (token === ANY_RUN ? run : token === ANY_ONE ? 'x' : token)).join('');
  return [...new Set([render(''), render('tpmx')])];
};

/** Instances of a plain wildcard pattern (no policy variables): an action, an ARN or org-path shape. */
const patternInstances = (pattern: string): string[] => instances(valueTokens(pattern, '2008-10-17', true, new Map()));

const unique = <T>(items: Iterable<T>): T[] => [...new Set(items)];

const principalContext = (
  principal: RequestPrincipal,
  organization: string | undefined,
  orgPath: string | undefined,
  trust: TrustContext,
): { context: Map<string, readonly string[]>; fixed: ReadonlySet<string> } => {
  const context = new Map<string, readonly string[]>([
    ['aws:sourcevpce', [trust.endpointId]],
    ['aws:sourcevpc', [trust.vpcId]],
    ['aws:sourcevpcarn', [`arn:aws:ec2:${trust.region}:${trust.account}:vpc/${trust.vpcId}`]],
  ]);
  if (principal.kind === 'aws') {
    const type = /:root$/.test(principal.arn) ? 'Account' : /:user\//.test(principal.arn) ? 'User' : 'AssumedRole';
    context.set('aws:principalarn', [principal.arn]);
    context.set('aws:principalaccount', [principal.account]);
    context.set('aws:principaltype', [type]);
    context.set('aws:principalisawsservice', ['false']);
    context.set('aws:userid', [type === 'Account' ? principal.account : `AIDATPMWITNESS:${principal.arn.split('/').pop()}`]);
    if (type === 'User') context.set('aws:username', [principal.arn.split('/').pop() as string]);
    if (organization) {
      context.set('aws:principalorgid', [organization]);
      context.set('aws:principalorgpaths', [orgPath ?? `${organization}/r-tpm0/ou-tpm0-witness0/`]);
    }
  } else if (principal.kind === 'service') {
    context.set('aws:principalisawsservice', ['true']);
    context.set('aws:principalservicename', [principal.service]);
  } else {
    context.set('aws:principalisawsservice', ['false']);
    context.set('aws:principaltype', [principal.kind === 'anonymous' ? 'Anonymous' : 'WebIdentityUser']);
    if (principal.kind === 'federated') context.set('aws:federatedprovider', [principal.provider]);
  }
  // A service acting for a resource owner carries the service-to-service keys; nobody else does.
  return { context, fixed: principal.kind === 'service' ? PRINCIPAL_FIXED : ALL_FIXED };
};

const isTrusted = (trust: TrustContext, principal: RequestPrincipal, organization: string | undefined): boolean =>
  principal.kind === 'service' ||
  (principal.kind === 'aws' &&
    (trust.trustedAccounts.has(principal.account) ||
      (organization !== undefined && trust.trustedOrganizationIds.has(organization))));

/** Principals to try: outsiders of every kind the policy could treat differently, then trusted ones. */
const candidatesFor = (policy: EndpointPolicy, trust: TrustContext): Candidate[] => {
  const strings = policyStrings(policy);
  const named = {
    accounts: unique(strings.flatMap((text) => text.match(ACCOUNT_IDS_IN_TEXT) ?? [])),
    organizations: unique(strings.flatMap((text) => text.match(ORGANIZATION_IDS_IN_TEXT) ?? [])),
  };
  const orgPatterns = policy.statements.flatMap((statement) =>
    statement.conditions
      .filter((clause) => clause.key === 'aws:principalorgid' && clause.wildcards)
      .flatMap((clause) => clause.values.flatMap((value) => patternInstances(value))),
  );
  const fresh = (pool: readonly string[], taken: (value: string) => boolean) => pool.find((value) => !taken(value)) as string;
  const outsideAccounts = unique([
    fresh(FRESH_ACCOUNTS, (id) => trust.trustedAccounts.has(id) || named.accounts.includes(id)),
    ...named.accounts.filter((id) => !trust.trustedAccounts.has(id)),
  ]);
  const outsideOrgs: (string | undefined)[] = unique([
    undefined,
    fresh(FRESH_ORGS, (id) => trust.trustedOrganizationIds.has(id) || named.organizations.includes(id)),
    ...[...named.organizations, ...orgPatterns].filter((id) => !trust.trustedOrganizationIds.has(id)),
  ]);
  // ARN shapes the policy's principal patterns admit, rewritten into each account.
  const arnPatterns = strings.filter((text) => /^arn:aws[a-z-]*:(iam|sts):/.test(text) || /^arn:[*?]/.test(text));
  const arnsIn = (account: string): string[] =>
    unique([
      `arn:aws:iam::${account}:role/tpm-witness`,
      `arn:aws:iam::${account}:user/tpm-witness`,
      `arn:aws:iam::${account}:root`,
      ...arnPatterns.flatMap((pattern) => {
        const parts = pattern.split(':');
        if (parts.length < 6) return [];
        const owner = parts[4] ?? '';
        if (owner !== account && !/[*?$]/.test(owner)) return [];
        parts[4] = account;
        parts[2] = 'iam';
        return patternInstances(parts.join(':')).filter((arn) => accountOfPrincipal(arn) === account);
      }),
    ]).slice(0, 16);
  // Organization paths the policy's aws:PrincipalOrgPaths patterns admit under an organization.
  const pathPatterns = policy.statements.flatMap((statement) =>
    statement.conditions.filter((clause) => clause.key === 'aws:principalorgpaths').flatMap((clause) => clause.values),
  );
  const pathsIn = (organization: string | undefined): (string | undefined)[] => {
    if (!organization) return [undefined];
    const admitted = pathPatterns.flatMap((pattern) => {
      const [root = '', ...rest] = pattern.split('/');
      if (root !== organization && !/[*?]/.test(root)) return [];
      return patternInstances([organization, ...rest].join('/'));
    });
    return unique([undefined, ...admitted]).slice(0, 8);
  };
  const candidate = (principal: RequestPrincipal, organization: string | undefined, orgPath?: string): Candidate => ({
    principal,
    organization,
    trusted: isTrusted(trust, principal, organization),
    ...principalContext(principal, organization, orgPath, trust),
  });
  const inAccount = (account: string, organization: string | undefined, arns: readonly string[]): Candidate[] =>
    pathsIn(organization).flatMap((path) => arns.map((arn) => candidate({ kind: 'aws', arn, account }, organization, path)));
  const outsiders: Candidate[] = [
    ...outsideAccounts.flatMap((account) =>
      outsideOrgs.flatMap((organization) => inAccount(account, organization, arnsIn(account))),
    ),
    candidate({ kind: 'anonymous' }, undefined),
    ...unique(policy.statements.flatMap((statement) => statement.principals.federated)).map((provider) =>
      candidate({ kind: 'federated', provider }, undefined),
    ),
  ];
  const trustedOrgs = [...trust.trustedOrganizationIds];
  const insiders: Candidate[] = [
    ...unique([trust.account, ...trust.trustedAccounts]).flatMap((account) =>
      [...trustedOrgs, undefined].flatMap((organization) => inAccount(account, organization, arnsIn(account).slice(0, 3))),
    ),
    ...unique([
      ...policy.statements.flatMap((statement) => statement.principals.service),
      `${trust.actionPrefix ?? 'tpm'}.amazonaws.com`,
    ]).map((service) => candidate({ kind: 'service', service }, undefined)),
  ];
  return [...outsiders, ...insiders];
};

const prefixOf = (action: string): string => action.split(':')[0]?.toLowerCase() ?? '';

/** Actions worth trying through this endpoint: what the policy names and real ones of the service. */
const actionDomain = (policy: EndpointPolicy, trust: TrustContext): string[] => {
  const named = policy.statements.flatMap((statement) => statement.actions);
  const prefixes = trust.actionPrefix
    ? [trust.actionPrefix]
    : unique(named.filter((action) => action !== '*').map(prefixOf)).concat(Object.keys(SAMPLE_ACTIONS));
  const samples = prefixes.flatMap((prefix) => [
    ...(SAMPLE_ACTIONS[prefix] ?? []).map((action) => `${prefix}:${action}`),
    `${prefix}:TpmUnlistedAction`,
  ]);
  const instantiated = named.flatMap((action) => patternInstances(action));
  const reachable = (action: string) => !trust.actionPrefix || prefixOf(action) === trust.actionPrefix.toLowerCase();
  const all = unique([...samples, ...instantiated.filter((action) => action.includes(':') && reachable(action))]);
  // One representative per class of actions the policy's Action elements cannot tell apart.
  const classes = new Map<string, string>();
  for (const action of all) {
    const signature = policy.statements.map((statement) => (actionApplies(statement, action) ? '1' : '0')).join('');
    if (!classes.has(signature)) classes.set(signature, action);
  }
  return [...classes.values()];
};

/** Resources to try for a candidate: what the policy names (resolved for this caller) and fresh ones. */
const resourceDomain = (policy: EndpointPolicy, trust: TrustContext, candidate: Candidate): string[] => {
  const prefix = trust.actionPrefix ?? 'dynamodb';
  const shape = RESOURCE_SHAPE[prefix] ?? 'tpm-witness';
  const owners = unique([candidate.principal.kind === 'aws' ? candidate.principal.account : FRESH_ACCOUNTS[0], trust.account]);
  return unique([
    ...owners.map((owner) => `arn:aws:${prefix}:${trust.region}:${owner}:${shape}`),
    ...policy.statements.flatMap((statement) =>
      statement.resources
        .filter((resource) => resource !== '*')
        .flatMap((resource) => instances(valueTokens(resource, policy.version, true, candidate.context))),
    ),
  ]);
};

/** Keys a clause reads: its own and any its policy variables name. */
const clauseKeys = (clause: ConditionClause, policy: EndpointPolicy): string[] => {
  const keys = [clause.key];
  if (policy.version === '2012-10-17') {
    for (const value of clause.values) {
      for (const match of value.matchAll(/\$\{\s*([^,}\s]+)/g)) {
        const key = match[1]?.toLowerCase();
        if (key && key !== '*' && key !== '?' && key !== '$') keys.push(key);
      }
    }
  }
  return keys;
};

const shiftedNumbers = (value: string): string[] => {
  const number = Number(value);
  return Number.isFinite(number) ? [String(number - 1), String(number), String(number + 1)] : [value];
};

/** Values to try for a free key: absent, what the policy compares it with, and one it never names. */
const keyDomain = (
  key: string,
  clauses: readonly ConditionClause[],
  policy: EndpointPolicy,
  candidate: Candidate,
): (readonly string[] | undefined)[] => {
  const singles = new Set<string>([FRESH_VALUE]);
  for (const clause of clauses) {
    if (clause.key !== key) continue;
    for (const value of clause.values) {
      const tokens = valueTokens(value, policy.version, clause.wildcards || clause.family === 'Arn', candidate.context);
      for (const text of instances(tokens)) {
        if (clause.family === 'Numeric') for (const item of shiftedNumbers(text)) singles.add(item);
        else if (clause.family === 'Date') {
          const time = Date.parse(text) || Number(text) * 1000;
          for (const delta of [-1000, 0, 1000]) if (Number.isFinite(time)) singles.add(new Date(time + delta).toISOString());
        } else if (clause.family === 'Ip') singles.add(text.split('/')[0] as string);
        else {
          singles.add(text);
          if (clause.ignoreCase) {
            singles.add(text.toUpperCase());
            singles.add(text.toLowerCase());
          }
        }
      }
      const extra =
        clause.family === 'Bool' || clause.family === 'Null'
          ? ['true', 'false']
          : clause.family === 'Ip'
            ? OUTSIDE_ADDRESSES
            : [];
      for (const item of extra) singles.add(item);
    }
  }
  // Values the caller's own identity gives, for conditions that compare against ${aws:Principal…}.
  for (const own of ['aws:principalaccount', 'aws:principalorgid', 'aws:principalarn']) {
    for (const value of candidate.context.get(own) ?? []) singles.add(value);
  }
  const multivalued = MULTIVALUED_KEYS.has(key) || clauses.some((clause) => clause.key === key && clause.qualifier);
  if (!multivalued) return [undefined, ...[...singles].map((value) => [value])];
  return [
    undefined,
    [],
    ...[...singles].map((value) => [value]),
    ...[...singles].filter((v) => v !== FRESH_VALUE).map((v) => [v, FRESH_VALUE]),
  ];
};

/** What one analysis shares across its searches: the step count, and what does not change between them. */
interface SearchState {
  steps: number;
  /** The actions worth trying through this endpoint (they depend on the policy, not on the statement). */
  readonly actions: readonly string[];
  /** The keys a clause reads, computed once per clause rather than at every search step. */
  clauseKeys(clause: ConditionClause): readonly string[];
}

/** A request the policy allows through `target`, from one of `candidates`, if any exists. */
const findWitness = (
  policy: EndpointPolicy,
  target: PolicyStatement,
  candidates: readonly Candidate[],
  trust: TrustContext,
  state: SearchState,
): { request: PolicyRequest; candidate: Candidate } | undefined => {
  for (const candidate of candidates) {
    const resources = resourceDomain(policy, trust, candidate);
    for (const action of state.actions) {
      for (const resource of resources) {
        const context = new Map(candidate.context);
        const request: PolicyRequest = {
          principal: candidate.principal,
          accountPrincipals: trust.endpointType === 'Gateway' ? 'root-only' : 'whole-account',
          action,
          resource,
          context,
        };
        if (!statementTargets(target, request, policy.version)) continue;
        const denies = policy.statements.filter(
          (statement) => statement.effect === 'Deny' && statementTargets(statement, request, policy.version),
        );
        const relevant = [target, ...denies];
        const clauses = relevant.flatMap((statement) => statement.conditions);
        const free = unique(clauses.flatMap((clause) => state.clauseKeys(clause))).filter((key) => !candidate.fixed.has(key));
        const domains = free.map((key) => keyDomain(key, clauses, policy, candidate));
        const assigned = new Set(candidate.fixed);
        const known = (clause: ConditionClause) => state.clauseKeys(clause).every((key) => assigned.has(key));
        /** false: the target cannot match or a Deny certainly does; true: a witness; undefined: keep going. */
        const status = (): boolean | undefined => {
          state.steps++;
          if (state.steps > SEARCH_BUDGET) throw new BudgetExceeded();
          if (target.conditions.some((clause) => known(clause) && !clauseHolds(clause, context, policy.version))) return false;
          let open = false;
          for (const deny of denies) {
            const settled = deny.conditions.every(known);
            const holds = deny.conditions.every((clause) => !known(clause) || clauseHolds(clause, context, policy.version));
            if (settled && holds) return false;
            if (!settled && holds) open = true;
          }
          if (open || !target.conditions.every(known)) return undefined;
          return true;
        };
        const search = (depth: number): boolean => {
          const verdict = status();
          if (verdict !== undefined) return verdict;
          if (depth >= free.length) return false;
          const key = free[depth] as string;
          assigned.add(key);
          for (const value of domains[depth] ?? []) {
            if (value === undefined) context.delete(key);
            else context.set(key, value);
            if (search(depth + 1)) return true;
          }
          context.delete(key);
          assigned.delete(key);
          return false;
        };
        if (search(0)) {
          // The whole policy must agree: the witness is re-checked by the plain evaluator.
          const decision = decide(policy, request);
          if (decision.effect === 'Allow') return { request: { ...request, context: new Map(context) }, candidate };
        }
      }
    }
  }
  return undefined;
};

const canonicalKey = (key: string, policy: EndpointPolicy): string =>
  CANONICAL.get(key) ??
  policy.statements.flatMap((statement) => statement.conditions).find((clause) => clause.key === key)?.keyText ??
  key;

const toWitness = (
  policy: EndpointPolicy,
  found: { request: PolicyRequest; candidate: Candidate },
  statement: PolicyStatement,
): Witness => {
  const { request, candidate } = found;
  const principal = request.principal;
  return {
    principal:
      principal.kind === 'aws'
        ? principal.arn
        : principal.kind === 'anonymous'
          ? 'anonymous'
          : principal.kind === 'service'
            ? principal.service
            : principal.provider,
    account: principal.kind === 'aws' ? principal.account : null,
    organization: candidate.organization ?? null,
    action: request.action,
    resource: request.resource,
    context: Object.fromEntries(
      [...request.context.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([key, values]) => [canonicalKey(key, policy), values.length === 1 ? (values[0] as string) : values]),
    ),
    statement: { index: statement.index, sid: statement.sid ?? null },
  };
};

/** The untrusted accounts, organizations and principals a statement names outright. */
const namedOutsiders = (statement: PolicyStatement, trust: TrustContext): string[] => {
  const found: string[] = [];
  if (!statement.notPrincipal && !statement.principals.anyone) {
    for (const entry of statement.principals.aws) {
      const account = accountOfPrincipal(entry);
      if (account === undefined || !trust.trustedAccounts.has(account)) found.push(entry);
    }
    found.push(...statement.principals.federated);
  }
  for (const clause of statement.conditions) {
    if (clause.negated || !IDENTITY_KEYS.has(clause.key)) continue;
    // A pattern admits outsiders without naming one: that is the wildcard check's finding.
    for (const value of clause.values.filter((text) => !/[*?]|\$\{/.test(text))) {
      const accounts = value.match(ACCOUNT_IDS_IN_TEXT) ?? [];
      const orgs = value.match(ORGANIZATION_IDS_IN_TEXT) ?? [];
      if (accounts.some((id) => !trust.trustedAccounts.has(id)) || orgs.some((id) => !trust.trustedOrganizationIds.has(id))) {
        found.push(value);
      }
    }
  }
  return unique(found);
};

const describeCaller = (witness: Witness): string =>
  witness.principal === 'anonymous'
    ? 'an anonymous caller'
    : witness.account
      ? `a principal of account ${witness.account} in ${witness.organization ? `organization ${witness.organization}` : 'no organization'}`
      : `a caller federated through ${witness.principal}`;

/** Why the statement admits the witness, one reason per clause, in the words a policy author uses. */
const reasonsFor = (statement: PolicyStatement, request: PolicyRequest, witness: Witness): string[] => {
  if (statement.notPrincipal) return ['Allow with NotPrincipal admits every principal not listed'];
  if (statement.conditions.length === 0) return ['no Condition at all'];
  return statement.conditions
    .map((clause) => {
      const values = request.context.get(clause.key);
      if (clause.key === 'aws:sourcevpce' || clause.key === 'aws:sourcevpc' || clause.key === 'aws:sourcevpcarn') {
        return `${clause.keyText} is always true for traffic through this endpoint, so it bounds nothing`;
      }
      if (NETWORK_KEYS.has(clause.key)) {
        return `${clause.keyText} is a network condition: it limits where a request comes from, not who signs it`;
      }
      if (values === undefined || values.length === 0) {
        return `${clause.operatorText} on ${clause.keyText} is true when the key is absent, as it is for ${describeCaller(witness)}`;
      }
      return `${clause.operatorText} on ${clause.keyText} holds for ${values.join(', ')}`;
    })
    .filter((reason, index, all) => all.indexOf(reason) === index);
};

/** One line a person can read and reproduce in the IAM policy simulator. */
export const describeWitness = (witness: Witness): string => {
  const who =
    witness.account === null
      ? witness.principal
      : `${witness.principal} (account ${witness.account}, ${witness.organization ? `organization ${witness.organization}` : 'no organization'})`;
  return `${who} may call ${witness.action} on ${witness.resource} through ${String(witness.context['aws:SourceVpce'])}, allowed by Statement[${witness.statement.index}]${witness.statement.sid ? ` (${witness.statement.sid})` : ''}`;
};

const WILDCARD_ACTION = /^(\*|[a-z0-9-]+:\*)$/i;

/** The wildcard actions an Allow statement grants (`*`, `service:*`, or any NotAction). */
export const wildcardActionsOf = (statement: PolicyStatement): string[] =>
  statement.effect !== 'Allow'
    ? []
    : statement.notAction
      ? statement.actions.map((action) => `NotAction ${action}`)
      : statement.actions.filter((action) => WILDCARD_ACTION.test(action));

const coversEveryAction = (statement: PolicyStatement, trust: TrustContext): boolean =>
  !statement.notAction &&
  statement.actions.some(
    (action) => action === '*' || (trust.actionPrefix !== undefined && action.toLowerCase() === `${trust.actionPrefix}:*`),
  );

/**
 * Analyses an endpoint policy against the trust set. The four endpoint-policy checks are views
 * of this one result, so they can never disagree.
 */
export const analyseEndpointPolicy = (policy: EndpointPolicy, trust: TrustContext): PolicyAnalysis => {
  const candidates = candidatesFor(policy, trust);
  const outsiders = candidates.filter((candidate) => !candidate.trusted);
  const keysOf = new Map<ConditionClause, readonly string[]>();
  const state: SearchState = {
    steps: 0,
    actions: actionDomain(policy, trust),
    clauseKeys: (clause) => {
      const known = keysOf.get(clause);
      if (known) return known;
      const keys = clauseKeys(clause, policy);
      keysOf.set(clause, keys);
      return keys;
    },
  };
  try {
    const exposures: Exposure[] = [];
    const wildcardGrants: WildcardGrant[] = [];
    for (const statement of policy.statements) {
      if (statement.effect !== 'Allow') continue;
      const outside = findWitness(policy, statement, outsiders, trust, state);
      if (outside) {
        const witness = toWitness(policy, outside, statement);
        const named = namedOutsiders(statement, trust);
        exposures.push({
          statement: statement.index,
          sid: statement.sid,
          kind: named.length > 0 ? 'named' : 'wildcard',
          named,
          reasons: reasonsFor(statement, outside.request, witness),
          witness,
        });
      }
      const wildcards = wildcardActionsOf(statement);
      if (wildcards.length > 0) {
        const reached =
          outside ??
          findWitness(
            policy,
            statement,
            candidates.filter((c) => c.trusted),
            trust,
            state,
          );
        if (reached)
          for (const action of wildcards) wildcardGrants.push({ statement: statement.index, action, trustedOnly: !outside });
      }
    }
    const allowsAll = policy.statements.some(
      (statement) =>
        statement.effect === 'Allow' &&
        statement.principals.anyone &&
        !statement.notPrincipal &&
        coversEveryAction(statement, trust) &&
        !statement.notResource &&
        statement.resources.includes('*') &&
        statement.conditions.length === 0,
    );
    const denyReachable = () =>
      policy.statements.some(
        (statement) =>
          statement.effect === 'Deny' &&
          findWitness(
            { ...policy, statements: [{ ...statement, effect: 'Allow' }] },
            { ...statement, effect: 'Allow' },
            candidates,
            trust,
            state,
          ) !== undefined,
      );
    return {
      conclusive: true,
      exposures,
      wildcardGrants,
      fullAccess: allowsAll && !denyReachable(),
      requestsEvaluated: state.steps,
    };
  } catch (error) {
    if (error instanceof BudgetExceeded) {
      return {
        conclusive: false,
        problem: `the policy has too many interacting conditions to analyse within ${SEARCH_BUDGET} evaluations`,
      };
    }
    throw error;
  }
};

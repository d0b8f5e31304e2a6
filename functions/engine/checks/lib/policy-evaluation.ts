/**
 * IAM's evaluation of one request against one endpoint policy, as the IAM User Guide's "Policy
 * evaluation logic" and "Condition operators" pages define it: an explicit Deny wins, else an
 * Allow whose principal, action, resource and every condition match, else an implicit deny.
 * Pure and total: every input yields a decision, no input throws.
 *
 * Semantics this file encodes, each from the guide:
 * - condition **keys** are case-insensitive; values are case-sensitive unless the operator is an
 *   `IgnoreCase` one ("IAM JSON policy elements: Condition");
 * - values of one key are ORed, keys and operators are ANDed ("Creating a condition with
 *   multiple keys or values");
 * - a missing key makes a positive operator false, a negated operator true, and an `…IfExists`
 *   operator true ("…IfExists condition operators");
 * - `ForAnyValue:` is false and `ForAllValues:` true when the key is absent or empty
 *   ("Single-valued vs. multivalued context keys");
 * - `Null` tests presence; `ArnEquals` and `ArnLike` both take wildcards per ARN segment;
 * - policy variables (`${aws:PrincipalAccount}`, `${key, 'default'}`, `${*}`, `${?}`, `${$}`)
 *   resolve only in version 2012-10-17; in 2008-10-17 they are literal text ("IAM policy
 *   elements: Variables and tags"). A variable whose key is absent takes no part, and a clause
 *   left with no value is false.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 */
import { isCoveredBy } from '../../net/cidr.ts';
import { ANY_ONE, ANY_RUN, type GlobToken, matchesGlobTokens } from '../../text.ts';
import {
  type ConditionClause,
  type EndpointPolicy,
  type PolicyStatement,
  type PolicyVersion,
  parseIamDate,
} from './endpoint-policy.ts';

/** Who signs the request. Anonymous callers carry no identity keys at all. */
export type RequestPrincipal =
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'aws'; readonly arn: string; readonly account: string }
  | { readonly kind: 'service'; readonly service: string }
  | { readonly kind: 'federated'; readonly provider: string };

/** Request context: lower-cased key → its values (one for single-valued keys). Absent keys are missing. */
export type RequestContext = ReadonlyMap<string, readonly string[]>;

export interface PolicyRequest {
  readonly principal: RequestPrincipal;
  /** What an account in a Principal element means at this endpoint (see {@link AccountPrincipalMeaning}). */
  readonly accountPrincipals?: AccountPrincipalMeaning;
  readonly action: string;
  readonly resource: string;
  readonly context: RequestContext;
}

export type Decision =
  | { readonly effect: 'Allow'; readonly statement: PolicyStatement }
  | { readonly effect: 'ExplicitDeny'; readonly statement: PolicyStatement }
  | { readonly effect: 'ImplicitDeny' };

/**
 * A policy value as glob tokens, with variables resolved against the context. Undefined when a
 * variable cannot be resolved (its key is absent, or holds several values), so the value matches
 * nothing. Without `wildcards`, `*` and `?` are literal characters.
 */
export const valueTokens = (
  value: string,
  version: PolicyVersion,
  wildcards: boolean,
  context: RequestContext,
): GlobToken[] | undefined => {
  const tokens: GlobToken[] = [];
  const literal = (text: string) => {
    for (const char of text) tokens.push(char);
  };
  for (let index = 0; index < value.length; index++) {
    const char = value[index] as string;
    if (version === '2012-10-17' && char === '$' && value[index + 1] === '{') {
      const close = value.indexOf('}', index + 2);
      if (close < 0) {
        literal(value.slice(index));
        break;
      }
      const body = value.slice(index + 2, close);
      index = close;
      if (body === '*' || body === '?' || body === '$') {
        literal(body);
        continue;
      }
      const [, key = '', fallback] = /^\s*([^,\s]+)\s*(?:,\s*'([^']*)'\s*)?$/.exec(body) ?? [];
      const values = context.get(key.toLowerCase());
      if (values?.length === 1) literal(values[0] as string);
      else if (values === undefined && fallback !== undefined) literal(fallback);
      else return undefined;
      continue;
    }
    tokens.push(wildcards && char === '*' ? ANY_RUN : wildcards && char === '?' ? ANY_ONE : char);
  }
  return tokens;
};

/** Literal text of resolved tokens (for operators that compare whole values). */
const tokensText = (tokens: readonly GlobToken[]): string =>
  tokens.map((token) => (token === ANY_RUN ? '*' : token === ANY_ONE ? '?' : token)).join('');

/** An ARN's six segments; the resource segment keeps any further colons. */
export const arnSegments = (arn: string): string[] | undefined => {
  const parts = arn.split(':');
  if (parts.length < 6) return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
};

const compare = (clause: ConditionClause, left: number, right: number): boolean => {
  if (Number.isNaN(left) || Number.isNaN(right)) return false;
  switch (clause.compare) {
    case 'lt':
      return left < right;
    case 'le':
      return left <= right;
    case 'gt':
      return left > right;
    case 'ge':
      return left >= right;
    default:
      return left === right;
  }
};

/** Whether one policy value matches one request value under the clause's operator family. */
const valueMatches = (
  clause: ConditionClause,
  policyValue: string,
  requestValue: string,
  version: PolicyVersion,
  context: RequestContext,
): boolean => {
  if (clause.family === 'Arn') {
    const pattern = arnSegments(policyValue);
    const actual = arnSegments(requestValue);
    if (!pattern || !actual) return false;
    return pattern.every((segment, index) => {
      const tokens = valueTokens(segment, version, true, context);
      return tokens !== undefined && matchesGlobTokens(tokens, actual[index] as string);
    });
  }
  const tokens = valueTokens(policyValue, version, clause.family === 'String' && clause.wildcards, context);
  if (!tokens) return false;
  switch (clause.family) {
    case 'String':
      return matchesGlobTokens(tokens, requestValue, clause.ignoreCase);
    case 'Numeric':
      return compare(clause, Number(requestValue.trim() === '' ? Number.NaN : requestValue), Number(tokensText(tokens)));
    case 'Date':
      return compare(clause, parseIamDate(requestValue), parseIamDate(tokensText(tokens)));
    case 'Bool':
      return tokensText(tokens).toLowerCase() === requestValue.toLowerCase();
    case 'Binary':
      return tokensText(tokens) === requestValue;
    case 'Ip':
      return isCoveredBy(requestValue, [tokensText(tokens)]);
    default:
      return false;
  }
};

/** Whether one condition clause holds for the request context. */
export const clauseHolds = (clause: ConditionClause, context: RequestContext, version: PolicyVersion): boolean => {
  const values = context.get(clause.key);
  const absent = values === undefined || values.length === 0;
  if (clause.family === 'Null') return clause.values.some((value) => (value.toLowerCase() === 'true') === absent);
  // A value whose policy variable cannot be resolved takes no part; a clause left with no
  // value is false whatever its operator, as IAM (and the reference simulator) evaluate it.
  const usable = clause.values.filter((value) => !value.includes('${') || valueTokens(value, version, false, context));
  if (usable.length === 0 && !absent) return false;
  const matchesAny = (requestValue: string) =>
    usable.some((policyValue) => valueMatches(clause, policyValue, requestValue, version, context));
  const hit = (requestValue: string) => (clause.negated ? !matchesAny(requestValue) : matchesAny(requestValue));
  if (clause.qualifier === 'ForAllValues') return absent || (values as readonly string[]).every(hit);
  if (clause.qualifier === 'ForAnyValue') return absent ? clause.ifExists : (values as readonly string[]).some(hit);
  if (absent) return clause.ifExists || clause.negated;
  const present = values as readonly string[];
  return clause.negated ? present.every(hit) : present.some(hit);
};

const isAccountPrincipal = (entry: string): string | undefined =>
  /^\d{12}$/.test(entry) ? entry : /^arn:aws[a-z-]*:iam::(\d{12}):root$/.exec(entry)?.[1];

/**
 * How an account in a Principal element reads. In an interface endpoint's policy (as in any
 * resource policy) `"AWS": "123456789012"` means every principal of the account; in a gateway
 * endpoint's policy it means the account's root user only (PrivateLink guide, "Principals for
 * gateway endpoints").
 */
export type AccountPrincipalMeaning = 'whole-account' | 'root-only';

/** Whether the statement's Principal (or NotPrincipal) element applies to the caller. */
export const principalApplies = (
  statement: PolicyStatement,
  principal: RequestPrincipal,
  accounts: AccountPrincipalMeaning = 'whole-account',
): boolean => {
  const list = statement.principals;
  const accountMatches = (entry: string, caller: { arn: string; account: string }) =>
    isAccountPrincipal(entry) === caller.account && (accounts === 'whole-account' || caller.arn.endsWith(':root'));
  const listed =
    list.anyone ||
    (principal.kind === 'aws' && list.aws.some((entry) => entry === principal.arn || accountMatches(entry, principal))) ||
    (principal.kind === 'service' && list.service.includes(principal.service)) ||
    (principal.kind === 'federated' && list.federated.includes(principal.provider));
  return statement.notPrincipal ? !listed : listed;
};

/** Whether the statement's Action (or NotAction) element covers the action; IAM matches actions case-insensitively. */
export const actionApplies = (statement: PolicyStatement, action: string): boolean => {
  const listed = statement.actions.some((pattern) => matchesGlobTokens(globOf(pattern), action, true));
  return statement.notAction ? !listed : listed;
};

const globCache = new Map<string, GlobToken[]>();
const globOf = (pattern: string): GlobToken[] => {
  let tokens = globCache.get(pattern);
  if (!tokens) {
    tokens = Array.from(pattern, (char) => (char === '*' ? ANY_RUN : char === '?' ? ANY_ONE : char));
    if (globCache.size > 4096) globCache.clear();
    globCache.set(pattern, tokens);
  }
  return tokens;
};

const resourceApplies = (
  statement: PolicyStatement,
  resource: string,
  version: PolicyVersion,
  context: RequestContext,
): boolean => {
  const listed = statement.resources.some((pattern) => {
    const tokens = valueTokens(pattern, version, true, context);
    return tokens !== undefined && matchesGlobTokens(tokens, resource);
  });
  return statement.notResource ? !listed : listed;
};

/** Principal, action and resource of the statement apply (conditions aside). */
export const statementTargets = (statement: PolicyStatement, request: PolicyRequest, version: PolicyVersion): boolean =>
  principalApplies(statement, request.principal, request.accountPrincipals) &&
  actionApplies(statement, request.action) &&
  resourceApplies(statement, request.resource, version, request.context);

export const statementMatches = (statement: PolicyStatement, request: PolicyRequest, version: PolicyVersion): boolean =>
  statementTargets(statement, request, version) &&
  statement.conditions.every((clause) => clauseHolds(clause, request.context, version));

/** IAM's decision for one request: explicit Deny, else Allow, else implicit deny. */
export const decide = (policy: EndpointPolicy, request: PolicyRequest): Decision => {
  const deny = policy.statements.find(
    (statement) => statement.effect === 'Deny' && statementMatches(statement, request, policy.version),
  );
  if (deny) return { effect: 'ExplicitDeny', statement: deny };
  const allow = policy.statements.find(
    (statement) => statement.effect === 'Allow' && statementMatches(statement, request, policy.version),
  );
  return allow ? { effect: 'Allow', statement: allow } : { effect: 'ImplicitDeny' };
};

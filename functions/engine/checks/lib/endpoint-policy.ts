/**
 * The grammar of a VPC endpoint policy: parse once into normalized statements, rejecting what
 * IAM would reject, so that the reasoner (`policy-reasoner.ts`) only ever judges documents that
 * mean something. A document that does not parse is an ERROR naming the problem, never a guess.
 *
 * Rules follow the IAM User Guide's "IAM JSON policy element reference" and "Grammar of the IAM
 * JSON policy language": `Version` is 2012-10-17 or 2008-10-17 (absent means 2008-10-17);
 * `Statement` is one object or a non-empty array; each statement has an `Effect` of Allow or
 * Deny and exactly one of Action/NotAction, at most one of Principal/NotPrincipal and of
 * Resource/NotResource; condition operators are the documented ones. The PrivateLink guide adds
 * that an endpoint policy "must contain a Principal element" and is at most 20,480 characters;
 * an omitted `Resource` means all resources, as the guide's gateway examples use it.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 * @see https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html
 */

import { jsonNestingDepth, stripBom } from '../../text.ts';

export const POLICY_VERSIONS = ['2012-10-17', '2008-10-17'] as const;
export type PolicyVersion = (typeof POLICY_VERSIONS)[number];

/** Condition operator families, as the IAM guide's "Condition operators" page groups them. */
export type OperatorFamily = 'String' | 'Numeric' | 'Date' | 'Bool' | 'Binary' | 'Ip' | 'Arn' | 'Null';

interface OperatorSpec {
  readonly family: OperatorFamily;
  /** Negated operators (StringNotEquals, NotIpAddress…) match when no policy value matches. */
  readonly negated: boolean;
  readonly ignoreCase?: boolean;
  /** `*` and `?` are wildcards (StringLike, ArnLike, ArnEquals). */
  readonly wildcards?: boolean;
  /** Numeric and date comparisons. */
  readonly compare?: 'eq' | 'lt' | 'le' | 'gt' | 'ge';
}

const OPERATORS: ReadonlyMap<string, OperatorSpec> = new Map([
  ['StringEquals', { family: 'String', negated: false }],
  ['StringNotEquals', { family: 'String', negated: true }],
  ['StringEqualsIgnoreCase', { family: 'String', negated: false, ignoreCase: true }],
  ['StringNotEqualsIgnoreCase', { family: 'String', negated: true, ignoreCase: true }],
  ['StringLike', { family: 'String', negated: false, wildcards: true }],
  ['StringNotLike', { family: 'String', negated: true, wildcards: true }],
  ['NumericEquals', { family: 'Numeric', negated: false, compare: 'eq' }],
  ['NumericNotEquals', { family: 'Numeric', negated: true, compare: 'eq' }],
  ['NumericLessThan', { family: 'Numeric', negated: false, compare: 'lt' }],
  ['NumericLessThanEquals', { family: 'Numeric', negated: false, compare: 'le' }],
  ['NumericGreaterThan', { family: 'Numeric', negated: false, compare: 'gt' }],
  ['NumericGreaterThanEquals', { family: 'Numeric', negated: false, compare: 'ge' }],
  ['DateEquals', { family: 'Date', negated: false, compare: 'eq' }],
  ['DateNotEquals', { family: 'Date', negated: true, compare: 'eq' }],
  ['DateLessThan', { family: 'Date', negated: false, compare: 'lt' }],
  ['DateLessThanEquals', { family: 'Date', negated: false, compare: 'le' }],
  ['DateGreaterThan', { family: 'Date', negated: false, compare: 'gt' }],
  ['DateGreaterThanEquals', { family: 'Date', negated: false, compare: 'ge' }],
  ['Bool', { family: 'Bool', negated: false }],
  ['BinaryEquals', { family: 'Binary', negated: false }],
  ['IpAddress', { family: 'Ip', negated: false }],
  ['NotIpAddress', { family: 'Ip', negated: true }],
  // ArnEquals and ArnLike behave the same: both accept wildcards in each ARN segment.
  ['ArnEquals', { family: 'Arn', negated: false, wildcards: true }],
  ['ArnLike', { family: 'Arn', negated: false, wildcards: true }],
  ['ArnNotEquals', { family: 'Arn', negated: true, wildcards: true }],
  ['ArnNotLike', { family: 'Arn', negated: true, wildcards: true }],
  ['Null', { family: 'Null', negated: false }],
]);

export interface ConditionClause {
  /** As written (`ForAnyValue:StringLikeIfExists`), for evidence. */
  readonly operatorText: string;
  /** Base operator without qualifier and `IfExists` (`StringLike`). */
  readonly operator: string;
  readonly family: OperatorFamily;
  readonly negated: boolean;
  readonly ignoreCase: boolean;
  readonly wildcards: boolean;
  readonly compare: OperatorSpec['compare'];
  readonly qualifier: 'ForAnyValue' | 'ForAllValues' | undefined;
  readonly ifExists: boolean;
  /** Condition keys are case-insensitive, so the key is lower-cased (`aws:principalorgid`). */
  readonly key: string;
  /** The key as written, for evidence (`aws:PrincipalOrgID`). */
  readonly keyText: string;
  /** Values ORed together; booleans and numbers as their JSON text. */
  readonly values: readonly string[];
}

export interface PrincipalList {
  /** `"*"` or `{"AWS": "*"}`: every principal, anonymous callers included. */
  readonly anyone: boolean;
  readonly aws: readonly string[];
  readonly service: readonly string[];
  readonly federated: readonly string[];
  readonly canonicalUser: readonly string[];
}

export interface PolicyStatement {
  readonly index: number;
  readonly sid: string | undefined;
  readonly effect: 'Allow' | 'Deny';
  readonly principals: PrincipalList;
  /** True when the statement used `NotPrincipal`: it applies to everyone *not* listed. */
  readonly notPrincipal: boolean;
  readonly actions: readonly string[];
  /** True for `NotAction`: the statement covers every action *not* listed. */
  readonly notAction: boolean;
  readonly resources: readonly string[];
  readonly notResource: boolean;
  readonly conditions: readonly ConditionClause[];
}

export interface EndpointPolicy {
  readonly version: PolicyVersion;
  readonly statements: readonly PolicyStatement[];
}

export type ParsedPolicy =
  | { readonly ok: true; readonly policy: EndpointPolicy }
  | { readonly ok: false; readonly problem: string };

/**
 * Bounds on what is analysed. AWS caps an endpoint policy at 20,480 characters, white space
 * included; a longer document, or one nested deeper than the grammar allows, is not a policy AWS
 * accepted.
 */
export const POLICY_LIMITS = { characters: 20_480, depth: 12, statements: 500, valuesPerKey: 500 } as const;

const DOCUMENT_KEYS = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_KEYS = new Set([
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
]);
const PRINCIPAL_TYPES = { AWS: 'aws', Service: 'service', Federated: 'federated', CanonicalUser: 'canonicalUser' } as const;
const ACTION_PATTERN = /^(\*|[a-z0-9-]+:[A-Za-z0-9*?]+)$/i;
const KEY_PATTERN = /^[A-Za-z0-9-]+:[^\s]+$/;

class PolicyProblem extends Error {}
const problem = (text: string): never => {
  throw new PolicyProblem(text);
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const stringList = (value: unknown, where: string): string[] => {
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || !list.every((item) => typeof item === 'string')) {
    return problem(`${where} must be a string or a list of strings`);
  }
  if (list.length === 0) problem(`${where} must not be an empty list`);
  if (list.length > POLICY_LIMITS.valuesPerKey) problem(`${where} has more than ${POLICY_LIMITS.valuesPerKey} values`);
  return list;
};

const parsePrincipals = (value: unknown, where: string): PrincipalList => {
  const lists = { aws: [] as string[], service: [] as string[], federated: [] as string[], canonicalUser: [] as string[] };
  if (value === '*') return { anyone: true, ...lists };
  if (!isRecord(value)) return problem(`${where} must be "*" or an object such as {"AWS": [...]}`);
  if (Object.keys(value).length === 0) problem(`${where} must name at least one principal`);
  for (const [type, entry] of Object.entries(value)) {
    const field = PRINCIPAL_TYPES[type as keyof typeof PRINCIPAL_TYPES];
    if (!field || !Object.hasOwn(PRINCIPAL_TYPES, type)) {
      problem(`${where} has an unknown principal type "${type}" (expected AWS, Service, Federated or CanonicalUser)`);
    }
    lists[field].push(...stringList(entry, `${where}.${type}`));
  }
  return { anyone: lists.aws.includes('*'), ...lists };
};

const conditionValues = (raw: unknown, where: string): string[] => {
  const list = Array.isArray(raw) ? raw : [raw];
  if (list.length === 0) problem(`${where} must not be an empty list`);
  if (list.length > POLICY_LIMITS.valuesPerKey) problem(`${where} has more than ${POLICY_LIMITS.valuesPerKey} values`);
  return list.map((item) => {
    if (typeof item === 'string') return item;
    if (typeof item === 'boolean' || (typeof item === 'number' && Number.isFinite(item))) return String(item);
    return problem(`${where} must be a string, number or boolean, or a list of them`);
  });
};

const validateValues = (spec: OperatorSpec, values: readonly string[], where: string): void => {
  for (const value of values) {
    if (value.includes('${')) continue; // a policy variable: its value is only known per request
    const ok =
      spec.family === 'Bool' || spec.family === 'Null'
        ? /^(true|false)$/i.test(value)
        : spec.family === 'Numeric'
          ? value.trim() !== '' && Number.isFinite(Number(value))
          : spec.family === 'Date'
            ? !Number.isNaN(parseIamDate(value))
            : true;
    if (!ok) problem(`${where} value ${JSON.stringify(value)} is not valid for a ${spec.family} condition`);
  }
};

/** IAM dates: ISO 8601 (`2026-01-01T00:00:00Z`, `2026-01-01`) or epoch seconds. NaN if neither. */
export const parseIamDate = (value: string): number => {
  if (/^\d+$/.test(value.trim())) return Number(value) * 1000;
  if (!/^\d{4}-\d{2}-\d{2}/.test(value.trim())) return Number.NaN;
  return Date.parse(value);
};

const parseConditions = (value: unknown, where: string): ConditionClause[] => {
  if (value === undefined) return [];
  if (!isRecord(value)) return problem(`${where}.Condition must be an object`);
  const clauses: ConditionClause[] = [];
  for (const [operatorText, block] of Object.entries(value)) {
    const at = `${where}.Condition.${operatorText}`;
    const colon = operatorText.indexOf(':');
    const qualifierText = colon >= 0 ? operatorText.slice(0, colon) : undefined;
    if (qualifierText !== undefined && qualifierText !== 'ForAnyValue' && qualifierText !== 'ForAllValues') {
      problem(`${at}: unknown set operator "${qualifierText}" (expected ForAnyValue or ForAllValues)`);
    }
    const base = colon >= 0 ? operatorText.slice(colon + 1) : operatorText;
    const ifExists = base.endsWith('IfExists');
    const operator = ifExists ? base.slice(0, -'IfExists'.length) : base;
    const spec = OPERATORS.get(operator);
    if (!spec) problem(`${at}: unknown condition operator "${base}"`);
    const known = spec as OperatorSpec;
    if (known.family === 'Null' && ifExists) problem(`${at}: Null cannot take IfExists`);
    if (!isRecord(block) || Object.keys(block).length === 0) problem(`${at} must map condition keys to values`);
    for (const [keyText, raw] of Object.entries(block as Record<string, unknown>)) {
      if (!KEY_PATTERN.test(keyText)) problem(`${at}: "${keyText}" is not a condition key such as aws:PrincipalOrgID`);
      const values = conditionValues(raw, `${at}.${keyText}`);
      validateValues(known, values, `${at}.${keyText}`);
      clauses.push({
        operatorText,
        operator,
        family: known.family,
        negated: known.negated,
        ignoreCase: known.ignoreCase === true,
        wildcards: known.wildcards === true,
        compare: known.compare,
        qualifier: qualifierText as ConditionClause['qualifier'],
        ifExists,
        key: keyText.toLowerCase(),
        keyText,
        values,
      });
    }
  }
  return clauses;
};

/** Exactly one of `name` and `Not<name>` (`optional`: or neither). */
const eitherOf = (entry: Record<string, unknown>, name: string, where: string, optional: boolean) => {
  const plain = entry[name];
  const negated = entry[`Not${name}`];
  if (plain !== undefined && negated !== undefined) problem(`${where} has both ${name} and Not${name}`);
  if (!optional && plain === undefined && negated === undefined) problem(`${where} has neither ${name} nor Not${name}`);
  return { value: negated ?? plain, negated: negated !== undefined };
};

const parseStatement = (raw: unknown, index: number): PolicyStatement => {
  const where = `Statement[${index}]`;
  if (!isRecord(raw)) return problem(`${where} must be an object`);
  const unknown = Object.keys(raw).find((key) => !STATEMENT_KEYS.has(key));
  if (unknown) problem(`${where} has an unknown element "${unknown}"`);
  if (raw.Sid !== undefined && typeof raw.Sid !== 'string') problem(`${where}.Sid must be a string`);
  if (raw.Effect !== 'Allow' && raw.Effect !== 'Deny') problem(`${where}: Effect must be "Allow" or "Deny"`);
  const principal = eitherOf(raw, 'Principal', where, false);
  const action = eitherOf(raw, 'Action', where, false);
  const resource = eitherOf(raw, 'Resource', where, true);
  const actions = stringList(action.value, `${where}.${action.negated ? 'NotAction' : 'Action'}`);
  const badAction = actions.find((item) => !ACTION_PATTERN.test(item));
  if (badAction !== undefined) problem(`${where}: ${JSON.stringify(badAction)} is not an action such as dynamodb:GetItem`);
  return {
    index,
    sid: raw.Sid as string | undefined,
    effect: raw.Effect as 'Allow' | 'Deny',
    principals: parsePrincipals(principal.value, `${where}.${principal.negated ? 'NotPrincipal' : 'Principal'}`),
    notPrincipal: principal.negated,
    actions,
    notAction: action.negated,
    resources: resource.value === undefined ? ['*'] : stringList(resource.value, `${where}.Resource`),
    notResource: resource.negated,
    conditions: parseConditions(raw.Condition, where),
  };
};

/**
 * Parses an endpoint policy document. A document AWS accepted always parses; one that does not
 * is reported with the first problem found, so the finding can say exactly what to fix.
 */
export const parseEndpointPolicy = (text: string): ParsedPolicy => {
  if (text.length > POLICY_LIMITS.characters) {
    return {
      ok: false,
      problem: `policy document is ${text.length} characters, beyond the ${POLICY_LIMITS.characters} an endpoint policy may have`,
    };
  }
  if (jsonNestingDepth(text) > POLICY_LIMITS.depth) {
    return { ok: false, problem: `policy document is nested deeper than ${POLICY_LIMITS.depth} levels` };
  }
  let document: unknown;
  try {
    document = JSON.parse(stripBom(text));
  } catch (error) {
    return { ok: false, problem: `policy document is not valid JSON (${(error as Error).message})` };
  }
  try {
    if (!isRecord(document)) return problem('policy document must be a JSON object');
    const unknown = Object.keys(document).find((key) => !DOCUMENT_KEYS.has(key));
    if (unknown) problem(`policy document has an unknown element "${unknown}"`);
    const version = document.Version ?? '2008-10-17';
    if (!POLICY_VERSIONS.includes(version as PolicyVersion)) {
      problem(`Version ${JSON.stringify(version)} is not a policy language version (2012-10-17 or 2008-10-17)`);
    }
    const raw = document.Statement;
    const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
    if (list.length === 0) problem('policy document has no Statement');
    if (list.length > POLICY_LIMITS.statements) problem(`policy document has more than ${POLICY_LIMITS.statements} statements`);
    return { ok: true, policy: { version: version as PolicyVersion, statements: list.map(parseStatement) } };
  } catch (error) {
    if (error instanceof PolicyProblem) return { ok: false, problem: error.message };
    throw error;
  }
};

/** The account id of an AWS principal string (`123456789012`, `arn:aws:iam::123456789012:role/x`), if it names one. */
export const accountOfPrincipal = (principal: string): string | undefined => {
  if (/^\d{12}$/.test(principal)) return principal;
  return /^arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):/.exec(principal)?.[1];
};

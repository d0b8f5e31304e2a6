/**
 * Pure analysis of VPC endpoint policy documents: parse once into normalized statements, then
 * answer the questions the endpoint-policy checks ask. No AWS calls, no mutation.
 *
 * Endpoint policies are evaluated for every request that traverses the endpoint, so network
 * conditions naming the endpoint's own VPC or the endpoint itself are always true there: they do
 * not limit who may use it. Identity conditions (`aws:PrincipalOrgID`, `aws:PrincipalAccount`,
 * `aws:PrincipalArn`) do.
 *
 * @see https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html
 */

export interface ConditionClause {
  /** Operator without qualifiers and `IfExists` (`StringEquals`). */
  readonly operator: string;
  readonly qualifier: 'ForAnyValue' | 'ForAllValues' | undefined;
  readonly ifExists: boolean;
  /** Lower-cased condition key (`aws:principalorgid`). */
  readonly key: string;
  readonly values: readonly string[];
}

export type PrincipalSpec =
  | { readonly kind: 'anyone' }
  | {
      readonly kind: 'listed';
      readonly aws: readonly string[];
      readonly service: readonly string[];
      readonly federated: readonly string[];
    };

export interface PolicyStatement {
  readonly index: number;
  readonly sid: string | undefined;
  readonly effect: 'Allow' | 'Deny';
  readonly principal: PrincipalSpec;
  /** True when the statement used `NotPrincipal` (Allow + NotPrincipal admits nearly everyone). */
  readonly notPrincipal: boolean;
  readonly actions: readonly string[] | undefined;
  readonly notActions: readonly string[] | undefined;
  readonly conditions: readonly ConditionClause[];
}

export type ParsedPolicy =
  | { readonly ok: true; readonly statements: readonly PolicyStatement[] }
  | { readonly ok: false; readonly problem: string };

const asStringList = (value: unknown): string[] | undefined => {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value;
  return undefined;
};

const parsePrincipal = (value: unknown, where: string): PrincipalSpec | string => {
  // Endpoint policies treat an omitted principal as everyone.
  if (value === undefined || value === '*') return { kind: 'anyone' };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${where}: Principal must be "*" or an object`;
  const record = value as Record<string, unknown>;
  const lists: Record<'AWS' | 'Service' | 'Federated', string[]> = { AWS: [], Service: [], Federated: [] };
  for (const [key, entry] of Object.entries(record)) {
    if (!(key in lists)) return `${where}: unsupported principal type "${key}"`;
    const list = asStringList(entry);
    if (!list) return `${where}: Principal.${key} must be a string or a list of strings`;
    lists[key as keyof typeof lists].push(...list);
  }
  if (lists.AWS.includes('*')) return { kind: 'anyone' };
  return { kind: 'listed', aws: lists.AWS, service: lists.Service, federated: lists.Federated };
};

const parseConditions = (value: unknown, where: string): ConditionClause[] | string => {
  if (value === undefined) return [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${where}: Condition must be an object`;
  const clauses: ConditionClause[] = [];
  for (const [rawOperator, block] of Object.entries(value as Record<string, unknown>)) {
    if (typeof block !== 'object' || block === null || Array.isArray(block)) {
      return `${where}: Condition.${rawOperator} must map keys to values`;
    }
    const [qualifierPart, operatorPart] = rawOperator.includes(':') ? rawOperator.split(':', 2) : [undefined, rawOperator];
    const qualifier = qualifierPart === 'ForAnyValue' || qualifierPart === 'ForAllValues' ? qualifierPart : undefined;
    const base = operatorPart ?? rawOperator;
    const ifExists = base.endsWith('IfExists');
    const operator = ifExists ? base.slice(0, -'IfExists'.length) : base;
    for (const [key, raw] of Object.entries(block as Record<string, unknown>)) {
      const values = typeof raw === 'boolean' || typeof raw === 'number' ? [String(raw)] : asStringList(raw);
      if (!values) return `${where}: Condition.${rawOperator}.${key} must be a string or a list of strings`;
      clauses.push({ operator, qualifier, ifExists, key: key.toLowerCase(), values });
    }
  }
  return clauses;
};

/**
 * Parses an endpoint policy. A document AWS accepted should always parse; if one does not,
 * the checks report ERROR with the problem rather than guess.
 */
export const parseEndpointPolicy = (text: string): ParsedPolicy => {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: `policy document is not valid JSON (${(error as Error).message})` };
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    return { ok: false, problem: 'policy document must be a JSON object' };
  }
  const rawStatements = (document as { Statement?: unknown }).Statement;
  const list = Array.isArray(rawStatements) ? rawStatements : rawStatements === undefined ? undefined : [rawStatements];
  if (!list || list.length === 0) return { ok: false, problem: 'policy document has no Statement' };
  const statements: PolicyStatement[] = [];
  for (const [index, raw] of list.entries()) {
    const where = `Statement[${index}]`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      return { ok: false, problem: `${where} must be an object` };
    const entry = raw as Record<string, unknown>;
    if (entry.Effect !== 'Allow' && entry.Effect !== 'Deny') {
      return { ok: false, problem: `${where}: Effect must be "Allow" or "Deny"` };
    }
    const notPrincipal = entry.NotPrincipal !== undefined;
    const principal = parsePrincipal(notPrincipal ? entry.NotPrincipal : entry.Principal, where);
    if (typeof principal === 'string') return { ok: false, problem: principal };
    const actions = entry.Action === undefined ? undefined : asStringList(entry.Action);
    const notActions = entry.NotAction === undefined ? undefined : asStringList(entry.NotAction);
    if ((entry.Action !== undefined && !actions) || (entry.NotAction !== undefined && !notActions)) {
      return { ok: false, problem: `${where}: Action/NotAction must be a string or a list of strings` };
    }
    if (!actions && !notActions) return { ok: false, problem: `${where}: has neither Action nor NotAction` };
    const conditions = parseConditions(entry.Condition, where);
    if (typeof conditions === 'string') return { ok: false, problem: conditions };
    statements.push({
      index,
      sid: typeof entry.Sid === 'string' ? entry.Sid : undefined,
      effect: entry.Effect,
      principal,
      notPrincipal,
      actions,
      notActions,
      conditions,
    });
  }
  return { ok: true, statements };
};

/** The AWS default endpoint policy: allow everything, to everyone, unconditionally. */
export const isFullAccess = (statements: readonly PolicyStatement[]): boolean =>
  statements.some(
    (statement) =>
      statement.effect === 'Allow' &&
      statement.principal.kind === 'anyone' &&
      !statement.notPrincipal &&
      statement.actions?.includes('*') === true &&
      statement.conditions.length === 0,
  ) && !statements.some((statement) => statement.effect === 'Deny');

/** Actions an Allow statement grants too broadly: `*`, `service:*`, or any NotAction. */
export const wildcardActions = (statement: PolicyStatement): string[] => {
  if (statement.effect !== 'Allow') return [];
  if (statement.notActions) return statement.notActions.map((action) => `NotAction ${action}`);
  return (statement.actions ?? []).filter((action) => action === '*' || /^[a-z0-9-]+:\*$/i.test(action));
};

/** The account id of an AWS principal string, if it names one. */
export const accountOfPrincipal = (principal: string): string | undefined => {
  if (/^\d{12}$/.test(principal)) return principal;
  const arn = /^arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):/.exec(principal);
  return arn?.[1];
};

/** What the analysis needs to know about the endpoint and the trusted set. */
export interface TrustContext {
  readonly endpointId: string;
  readonly vpcId: string;
  readonly trustedAccounts: ReadonlySet<string>;
  readonly trustedOrganizationIds: ReadonlySet<string>;
}

const POSITIVE_STRING_OPERATORS = new Set(['StringEquals', 'StringEqualsIgnoreCase', 'StringLike']);
const POSITIVE_ARN_OPERATORS = new Set(['ArnEquals', 'ArnLike', ...POSITIVE_STRING_OPERATORS]);
const NEGATED_STRING_OPERATORS = new Set(['StringNotEquals', 'StringNotEqualsIgnoreCase', 'StringNotLike']);

const hasWildcard = (value: string): boolean => value.includes('*') || value.includes('?');

export interface BoundVerdict {
  readonly bounded: boolean;
  /** Why, for the evidence: which condition bounds it or why none does. */
  readonly reason: string;
}

/**
 * Whether a positive (Allow) condition limits the statement to trusted principals or to a
 * narrower network than the endpoint already implies.
 */
const boundingClause = (clause: ConditionClause, trust: TrustContext): BoundVerdict | undefined => {
  if (clause.ifExists) return undefined; // absent key ⇒ condition passes ⇒ not a bound
  const values = clause.values;
  switch (clause.key) {
    case 'aws:principalorgid':
      if (!POSITIVE_STRING_OPERATORS.has(clause.operator) || values.some(hasWildcard)) return undefined;
      return values.every((value) => trust.trustedOrganizationIds.has(value))
        ? { bounded: true, reason: `aws:PrincipalOrgID limited to ${values.join(', ')}` }
        : undefined;
    case 'aws:principalorgpaths':
      if (!POSITIVE_STRING_OPERATORS.has(clause.operator)) return undefined;
      return values.every((value) => trust.trustedOrganizationIds.has(value.split('/')[0] ?? ''))
        ? { bounded: true, reason: `aws:PrincipalOrgPaths limited to ${values.join(', ')}` }
        : undefined;
    case 'aws:principalaccount':
      if (!POSITIVE_STRING_OPERATORS.has(clause.operator) || values.some(hasWildcard)) return undefined;
      return values.every((value) => trust.trustedAccounts.has(value))
        ? { bounded: true, reason: `aws:PrincipalAccount limited to ${values.join(', ')}` }
        : undefined;
    case 'aws:principalarn':
      if (!POSITIVE_ARN_OPERATORS.has(clause.operator)) return undefined;
      return values.every((value) => {
        const account = accountOfPrincipal(value);
        return account !== undefined && trust.trustedAccounts.has(account);
      })
        ? { bounded: true, reason: `aws:PrincipalArn limited to principals of ${values.map(accountOfPrincipal).join(', ')}` }
        : undefined;
    case 'aws:sourcevpc':
    case 'aws:sourcevpce': {
      if (!POSITIVE_STRING_OPERATORS.has(clause.operator) || values.some(hasWildcard)) return undefined;
      const own = clause.key === 'aws:sourcevpc' ? trust.vpcId : trust.endpointId;
      // Naming itself is a tautology inside its own endpoint policy; naming anything else
      // makes the statement unreachable through this endpoint.
      if (values.every((value) => value === own)) return undefined;
      return {
        bounded: true,
        reason: `${clause.key} never matches traffic through ${trust.endpointId}, so the statement cannot apply`,
      };
    }
    case 'aws:vpcsourceip':
      if (clause.operator !== 'IpAddress') return undefined;
      return { bounded: true, reason: `aws:VpcSourceIp limited to ${values.join(', ')}` };
    default:
      return undefined;
  }
};

/** A Deny statement that denies every principal outside the trusted org/accounts, for all actions. */
const isTrustGuard = (statement: PolicyStatement, trust: TrustContext): string | undefined => {
  if (statement.effect !== 'Deny' || statement.principal.kind !== 'anyone' || statement.notPrincipal) return undefined;
  if (!statement.actions?.some((action) => action === '*')) return undefined;
  for (const clause of statement.conditions) {
    if (!NEGATED_STRING_OPERATORS.has(clause.operator) || clause.values.some(hasWildcard)) continue;
    if (clause.key === 'aws:principalorgid' && clause.values.every((value) => trust.trustedOrganizationIds.has(value))) {
      return `Statement[${statement.index}] denies principals outside ${clause.values.join(', ')}`;
    }
    if (clause.key === 'aws:principalaccount' && clause.values.every((value) => trust.trustedAccounts.has(value))) {
      return `Statement[${statement.index}] denies principals outside accounts ${clause.values.join(', ')}`;
    }
  }
  return undefined;
};

export interface UnboundedStatement {
  readonly index: number;
  readonly sid: string | undefined;
  readonly reason: string;
}

/**
 * Allow statements that admit any principal with no trusted bound. A Deny guard on
 * `aws:PrincipalOrgID` / `aws:PrincipalAccount` bounds every Allow statement at once.
 */
export const unboundedWildcardStatements = (
  statements: readonly PolicyStatement[],
  trust: TrustContext,
): { unbounded: UnboundedStatement[]; bounds: string[] } => {
  const guard = statements.map((statement) => isTrustGuard(statement, trust)).find((text) => text !== undefined);
  if (guard) return { unbounded: [], bounds: [guard] };
  const unbounded: UnboundedStatement[] = [];
  const bounds: string[] = [];
  for (const statement of statements) {
    if (statement.effect !== 'Allow') continue;
    const admitsAnyone = statement.principal.kind === 'anyone' || statement.notPrincipal;
    if (!admitsAnyone) continue;
    const bound = statement.conditions.map((clause) => boundingClause(clause, trust)).find((verdict) => verdict?.bounded);
    if (bound) {
      bounds.push(`Statement[${statement.index}]: ${bound.reason}`);
      continue;
    }
    const tautology = statement.conditions.find(
      (clause) =>
        (clause.key === 'aws:sourcevpc' && clause.values.every((value) => value === trust.vpcId)) ||
        (clause.key === 'aws:sourcevpce' && clause.values.every((value) => value === trust.endpointId)),
    );
    const ifExists = statement.conditions.find((clause) => clause.ifExists && clause.key.startsWith('aws:principal'));
    unbounded.push({
      index: statement.index,
      sid: statement.sid,
      reason: statement.notPrincipal
        ? 'Allow with NotPrincipal admits every principal not listed'
        : tautology
          ? `its only limit, ${tautology.key} = ${tautology.values.join(', ')}, is always true for traffic through this endpoint`
          : ifExists
            ? `${ifExists.operator}IfExists on ${ifExists.key} lets principals without that key through`
            : statement.conditions.length === 0
              ? 'no Condition at all'
              : 'no condition limits it to trusted organizations or accounts',
    });
  }
  return { unbounded, bounds };
};

export interface UntrustedReference {
  readonly statement: number;
  readonly value: string;
  readonly where: 'Principal' | 'Condition';
  readonly reason: string;
}

/** Principals and identity-condition values that point outside the trusted set. */
export const untrustedReferences = (statements: readonly PolicyStatement[], trust: TrustContext): UntrustedReference[] => {
  const found: UntrustedReference[] = [];
  for (const statement of statements) {
    if (statement.effect !== 'Allow') continue;
    if (statement.principal.kind === 'listed' && !statement.notPrincipal) {
      for (const principal of statement.principal.aws) {
        const account = accountOfPrincipal(principal);
        if (account === undefined) {
          found.push({
            statement: statement.index,
            value: principal,
            where: 'Principal',
            reason: 'its account cannot be determined',
          });
        } else if (!trust.trustedAccounts.has(account)) {
          found.push({
            statement: statement.index,
            value: principal,
            where: 'Principal',
            reason: `account ${account} is not trusted`,
          });
        }
      }
      for (const principal of statement.principal.federated) {
        found.push({
          statement: statement.index,
          value: principal,
          where: 'Principal',
          reason: 'federated principals cannot be tied to a trusted account',
        });
      }
    }
    for (const clause of statement.conditions) {
      if (NEGATED_STRING_OPERATORS.has(clause.operator)) continue;
      for (const value of clause.values) {
        if (clause.key === 'aws:principalorgid' && !trust.trustedOrganizationIds.has(value)) {
          found.push({ statement: statement.index, value, where: 'Condition', reason: 'organization is not trusted' });
        }
        if (clause.key === 'aws:principalaccount' && !trust.trustedAccounts.has(value)) {
          found.push({ statement: statement.index, value, where: 'Condition', reason: `account ${value} is not trusted` });
        }
      }
    }
  }
  return found;
};

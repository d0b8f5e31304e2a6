/**
 * A corpus of VPC endpoint policies, each labelled from the documentation passage (or published
 * policy) that decides it — not from what the reasoner happens to answer. The checks' corpus
 * test and the differential test against an independent IAM simulator both read it.
 *
 * The setting is fixed: a DynamoDB endpoint `vpce-00000001` in `vpc-00000001` of account
 * 111122223333 (us-east-1), whose organization o-testorg1234 is trusted. Expectations:
 * - `closed`: no principal outside the trust set can make a request the policy allows;
 * - `named`: an outsider the policy names (Principal, or an identity condition value) gets in;
 * - `wildcard`: an outsider gets in through a statement open to any principal;
 * - `error`: IAM would reject the document; the checks must report ERROR naming `problem`.
 *
 * Sources (the IAM User Guide unless another guide is named):
 * - GRAMMAR "Grammar of the IAM JSON policy language"; ELEMENTS "IAM JSON policy element reference";
 * - PRINCIPAL "AWS JSON policy elements: Principal"; NOTPRINCIPAL "…: NotPrincipal";
 * - OPERATORS "IAM JSON policy elements: Condition operators"; MULTI "Single-valued vs.
 *   multivalued context keys"; KEYS "AWS global condition context keys"; VARIABLES "IAM policy
 *   elements: Variables and tags"; EVALUATION "Policy evaluation logic";
 * - PRIVATELINK the AWS PrivateLink guide, "Control access to VPC endpoints using endpoint policies";
 * - DYNAMODB the DynamoDB developer guide, "Using endpoint policies to control access";
 * - PERIMETER aws-samples/data-perimeter-policy-examples, vpc_endpoint_policies/ (and AWS's
 *   "Building a data perimeter on AWS" whitepaper).
 */

export const CORPUS_ACCOUNT = '111122223333';
export const CORPUS_ORG = 'o-testorg1234';
export const CORPUS_ENDPOINT = 'vpce-00000001';
export const CORPUS_VPC = 'vpc-00000001';
const OUTSIDE = '999988887777';
const OTHER_ORG = 'o-otherorg5678';
const TABLE = `arn:aws:dynamodb:us-east-1:${CORPUS_ACCOUNT}:table/StockTable`;

export interface CorpusCase {
  readonly name: string;
  /** The documentation passage (or published policy) that decides the case. */
  readonly source: string;
  /** A policy document, or raw text when the text itself is the point. */
  readonly document: unknown;
  readonly expect: 'closed' | 'named' | 'wildcard' | 'error';
  /** For `error`: words the problem must contain. */
  readonly problem?: string;
  /** Equivalent to AWS's full-access default (vpc_endpoint_policy_not_full_access). */
  readonly fullAccess?: boolean;
  /** A reachable wildcard grant (vpc_endpoint_policy_no_wildcard_actions). */
  readonly wildcardActions?: boolean;
  /** Extra trusted accounts and organizations (the policy file's `trust`). */
  readonly trust?: { readonly accounts?: readonly string[]; readonly organizationIds?: readonly string[] };
}

const GRAMMAR = 'IAM User Guide: Grammar of the IAM JSON policy language';
const ELEMENTS = 'IAM User Guide: IAM JSON policy element reference';
const PRINCIPAL = 'IAM User Guide: AWS JSON policy elements: Principal';
const NOTPRINCIPAL = 'IAM User Guide: AWS JSON policy elements: NotPrincipal';
const OPERATORS = 'IAM User Guide: IAM JSON policy elements: Condition operators';
const MULTI = 'IAM User Guide: Single-valued vs. multivalued context keys';
const KEYS = 'IAM User Guide: AWS global condition context keys';
const VARIABLES = 'IAM User Guide: IAM policy elements: Variables and tags';
const EVALUATION = 'IAM User Guide: Policy evaluation logic';
const PRIVATELINK = 'AWS PrivateLink guide: Control access to VPC endpoints using endpoint policies';
const DYNAMODB = 'DynamoDB developer guide: Using endpoint policies to control access';
const PERIMETER = 'aws-samples/data-perimeter-policy-examples: vpc_endpoint_policies/default_endpoint_policy.json';

const V = '2012-10-17';
/** An IAM policy variable (`${aws:PrincipalAccount}`), spelt without a template literal's look. */
const iamVariable = (key: string): string => `$\{${key}}`;
/** One Allow statement for any principal on every DynamoDB action, with a condition. */
const allowIf = (Condition: unknown, extra: Record<string, unknown> = {}) => ({
  Version: V,
  Statement: [{ Effect: 'Allow', Principal: '*', Action: 'dynamodb:*', Resource: '*', Condition, ...extra }],
});
const allowAll = { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' };
/** Allow everything, then a Deny guard: the data perimeter's other idiom. */
const guarded = (deny: Record<string, unknown>) => ({
  Version: V,
  Statement: [allowAll, { Effect: 'Deny', Principal: '*', Action: '*', Resource: '*', ...deny }],
});
const allowPrincipal = (Principal: unknown, extra: Record<string, unknown> = {}) => ({
  Version: V,
  Statement: [{ Effect: 'Allow', Principal, Action: ['dynamodb:GetItem', 'dynamodb:Query'], Resource: '*', ...extra }],
});
const orgBound = allowIf({ StringEquals: { 'aws:PrincipalOrgID': CORPUS_ORG } });

export const POLICY_CORPUS: readonly CorpusCase[] = [
  // ── Grammar: what IAM rejects is ERROR, never PASS or FAIL ────────────────────────────────
  {
    name: 'Action and NotAction in one statement',
    source: `${GRAMMAR} (a statement has action_block: "Action" | "NotAction")`,
    document: { Version: V, Statement: [{ ...allowAll, NotAction: 'dynamodb:DeleteTable' }] },
    expect: 'error',
    problem: 'both Action and NotAction',
  },
  {
    name: 'Principal and NotPrincipal in one statement',
    source: `${GRAMMAR} (principal_block: "Principal" | "NotPrincipal")`,
    document: { Version: V, Statement: [{ ...allowAll, NotPrincipal: { AWS: CORPUS_ACCOUNT } }] },
    expect: 'error',
    problem: 'both Principal and NotPrincipal',
  },
  {
    name: 'Resource and NotResource in one statement',
    source: `${GRAMMAR} (resource_block: "Resource" | "NotResource")`,
    document: { Version: V, Statement: [{ ...allowAll, NotResource: TABLE }] },
    expect: 'error',
    problem: 'both Resource and NotResource',
  },
  {
    name: 'neither Action nor NotAction',
    source: GRAMMAR,
    document: { Version: V, Statement: [{ Effect: 'Allow', Principal: '*', Resource: '*' }] },
    expect: 'error',
    problem: 'neither Action nor NotAction',
  },
  {
    name: 'a Version that is not a policy language version',
    source: 'IAM User Guide: IAM JSON policy elements: Version (2012-10-17 or 2008-10-17)',
    document: { Version: '2012-10-18', Statement: orgBound.Statement },
    expect: 'error',
    problem: 'Version',
  },
  {
    name: 'a date-like Version with a time part',
    source: 'IAM User Guide: IAM JSON policy elements: Version',
    document: { Version: '2012-10-17T00:00:00Z', Statement: orgBound.Statement },
    expect: 'error',
    problem: 'Version',
  },
  { name: 'a whitespace-only document', source: GRAMMAR, document: '   \n\t ', expect: 'error', problem: 'not valid JSON' },
  { name: 'an empty document', source: GRAMMAR, document: '', expect: 'error', problem: 'not valid JSON' },
  { name: 'truncated JSON', source: GRAMMAR, document: '{"Statement": [', expect: 'error', problem: 'not valid JSON' },
  {
    name: 'an empty Statement list',
    source: GRAMMAR,
    document: { Version: V, Statement: [] },
    expect: 'error',
    problem: 'no Statement',
  },
  { name: 'no Statement at all', source: GRAMMAR, document: { Version: V }, expect: 'error', problem: 'no Statement' },
  {
    name: 'a JSON array instead of a policy object',
    source: GRAMMAR,
    document: [orgBound],
    expect: 'error',
    problem: 'must be a JSON object',
  },
  {
    name: 'Effect in lower case',
    source: 'IAM User Guide: IAM JSON policy elements: Effect (Allow or Deny, case-sensitive)',
    document: { Version: V, Statement: [{ ...allowAll, Effect: 'allow' }] },
    expect: 'error',
    problem: 'Effect',
  },
  {
    name: 'a misspelt element (Actions)',
    source: ELEMENTS,
    document: { Version: V, Statement: [{ Effect: 'Allow', Principal: '*', Actions: '*', Action: '*', Resource: '*' }] },
    expect: 'error',
    problem: 'unknown element "Actions"',
  },
  {
    name: 'an unknown condition operator',
    source: OPERATORS,
    document: allowIf({ StringEqualz: { 'aws:PrincipalOrgID': CORPUS_ORG } }),
    expect: 'error',
    problem: 'unknown condition operator',
  },
  {
    name: 'a misspelt set operator',
    source: MULTI,
    document: allowIf({ 'ForAnyValues:StringEquals': { 'aws:PrincipalOrgID': CORPUS_ORG } }),
    expect: 'error',
    problem: 'unknown set operator',
  },
  {
    name: 'Null with IfExists',
    source: `${OPERATORS} (Null takes no IfExists)`,
    document: allowIf({ NullIfExists: { 'aws:PrincipalOrgID': 'false' } }),
    expect: 'error',
    problem: 'Null cannot take IfExists',
  },
  {
    name: 'an unknown principal type',
    source: PRINCIPAL,
    document: allowPrincipal({ Aws: `arn:aws:iam::${CORPUS_ACCOUNT}:root` }),
    expect: 'error',
    problem: 'unknown principal type',
  },
  {
    name: 'a Bool condition with a value that is not true or false',
    source: `${OPERATORS} (Boolean condition operators)`,
    document: allowIf({ Bool: { 'aws:SecureTransport': 'yes' } }),
    expect: 'error',
    problem: 'not valid for a Bool condition',
  },
  {
    name: 'a Numeric condition with a value that is not a number',
    source: `${OPERATORS} (Numeric condition operators)`,
    document: allowIf({ NumericLessThan: { 'aws:MultiFactorAuthAge': 'ten' } }),
    expect: 'error',
    problem: 'not valid for a Numeric condition',
  },
  {
    name: 'a condition value that is an object',
    source: OPERATORS,
    document: allowIf({ StringEquals: { 'aws:PrincipalOrgID': { id: CORPUS_ORG } } }),
    expect: 'error',
    problem: 'must be a string, number or boolean',
  },
  {
    name: 'an empty Action list',
    source: GRAMMAR,
    document: { Version: V, Statement: [{ ...allowAll, Action: [] }] },
    expect: 'error',
    problem: 'must not be an empty list',
  },
  {
    name: 'an action without a service prefix',
    source: 'IAM User Guide: IAM JSON policy elements: Action (service:action)',
    document: { Version: V, Statement: [{ ...allowAll, Action: 'GetItem' }] },
    expect: 'error',
    problem: 'not an action',
  },
  {
    name: 'a document nested far deeper than the grammar allows',
    source: GRAMMAR,
    document: `{"Statement":${'['.repeat(200)}${']'.repeat(200)}}`,
    expect: 'error',
    problem: 'nested deeper',
  },
  {
    name: 'a single Statement object instead of a list',
    source: `${GRAMMAR} ("Statement": [ statement, … ] or one statement)`,
    document: { Version: V, Statement: orgBound.Statement[0] },
    expect: 'closed',
    wildcardActions: true,
  },
  {
    name: 'Version 2008-10-17 is still valid',
    source: 'IAM User Guide: IAM JSON policy elements: Version',
    document: { ...orgBound, Version: '2008-10-17' },
    expect: 'closed',
    wildcardActions: true,
  },
  {
    name: 'a UTF-8 byte-order mark before the document',
    source: 'RFC 8259 section 8.1 (parsers may ignore a BOM)',
    document: `\uFEFF${JSON.stringify(orgBound)}`,
    expect: 'closed',
    wildcardActions: true,
  },

  // ── Principal and NotPrincipal ────────────────────────────────────────────────────────────
  {
    name: 'the full-access policy written out',
    source: `${PRIVATELINK} (the default policy allows full access)`,
    document: { Version: V, Statement: [allowAll] },
    expect: 'wildcard',
    fullAccess: true,
    wildcardActions: true,
  },
  {
    name: '{"AWS": "*"} is every principal, like "*"',
    source: `${PRINCIPAL} (everyone: "Principal": "*" or {"AWS": "*"})`,
    document: allowPrincipal({ AWS: '*' }),
    expect: 'wildcard',
  },
  {
    name: 'a statement without a Principal element',
    source: `${PRIVATELINK} (Considerations: an endpoint policy must contain a Principal element)`,
    document: { Version: V, Statement: [{ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: '*' }] },
    expect: 'error',
    problem: 'neither Principal nor NotPrincipal',
  },
  {
    name: 'a document longer than an endpoint policy may be',
    source: `${PRIVATELINK} (Considerations: at most 20,480 characters, including white space)`,
    document: `${JSON.stringify(orgBound)}${' '.repeat(20_480)}`,
    expect: 'error',
    problem: 'beyond the 20480',
  },
  {
    name: 'the own account as root ARN',
    source: `${PRINCIPAL} (AWS account principals)`,
    document: allowPrincipal({ AWS: `arn:aws:iam::${CORPUS_ACCOUNT}:root` }),
    expect: 'closed',
  },
  {
    name: 'the own account as a bare account id',
    source: `${PRINCIPAL} ("AWS": "123456789012" is the account)`,
    document: allowPrincipal({ AWS: CORPUS_ACCOUNT }),
    expect: 'closed',
  },
  {
    name: 'a role of the own account',
    source: `${PRINCIPAL} (IAM role principals)`,
    document: allowPrincipal({ AWS: `arn:aws:iam::${CORPUS_ACCOUNT}:role/app` }),
    expect: 'closed',
  },
  {
    name: 'an outside account root',
    source: `${PRINCIPAL} (AWS account principals)`,
    document: allowPrincipal({ AWS: `arn:aws:iam::${OUTSIDE}:root` }),
    expect: 'named',
  },
  {
    name: 'an outside role',
    source: `${PRINCIPAL} (IAM role principals)`,
    document: allowPrincipal({ AWS: `arn:aws:iam::${OUTSIDE}:role/reader` }),
    expect: 'named',
  },
  {
    name: 'own and outside accounts listed together',
    source: `${PRINCIPAL} (several principals are ORed)`,
    document: allowPrincipal({ AWS: [CORPUS_ACCOUNT, `arn:aws:iam::${OUTSIDE}:root`] }),
    expect: 'named',
  },
  {
    name: 'an outside account the policy file trusts',
    source: `${PRINCIPAL}; trust.accounts in the policy file`,
    document: allowPrincipal({ AWS: `arn:aws:iam::${OUTSIDE}:root` }),
    expect: 'closed',
    trust: { accounts: [OUTSIDE] },
  },
  {
    name: 'an AWS service principal',
    source: `${PRINCIPAL} (AWS service principals); data-perimeter guidance trusts services acting for you`,
    document: allowPrincipal({ Service: 'dynamodb.amazonaws.com' }),
    expect: 'closed',
  },
  {
    name: 'a federated web-identity provider',
    source: `${PRINCIPAL} (web identity session principals)`,
    document: allowPrincipal({ Federated: 'cognito-identity.amazonaws.com' }),
    expect: 'named',
  },
  {
    name: 'Allow with NotPrincipal admits everyone not listed',
    source: `${NOTPRINCIPAL} (with Allow it grants every principal but those named)`,
    document: {
      Version: V,
      Statement: [
        {
          Effect: 'Allow',
          NotPrincipal: { AWS: `arn:aws:iam::${CORPUS_ACCOUNT}:root` },
          Action: 'dynamodb:GetItem',
          Resource: '*',
        },
      ],
    },
    expect: 'wildcard',
  },
  {
    name: 'Deny with NotPrincipal: only the own account is left',
    source: `${NOTPRINCIPAL} (with Deny it denies every principal but those named)`,
    document: {
      Version: V,
      Statement: [
        allowAll,
        { Effect: 'Deny', NotPrincipal: { AWS: `arn:aws:iam::${CORPUS_ACCOUNT}:root` }, Action: '*', Resource: '*' },
      ],
    },
    expect: 'closed',
    wildcardActions: true,
  },
  {
    name: 'Deny with NotPrincipal naming an outside account leaves that account in',
    source: NOTPRINCIPAL,
    document: {
      Version: V,
      Statement: [
        allowAll,
        { Effect: 'Deny', NotPrincipal: { AWS: `arn:aws:iam::${OUTSIDE}:root` }, Action: '*', Resource: '*' },
      ],
    },
    expect: 'wildcard',
    wildcardActions: true,
  },

  // ── Condition operators on identity keys ──────────────────────────────────────────────────
  {
    name: 'aws:PrincipalOrgID equal to the own organization',
    source: `${KEYS} (aws:PrincipalOrgID)`,
    document: orgBound,
    expect: 'closed',
    wildcardActions: true,
  },
  {
    name: 'aws:PrincipalOrgID of another organization',
    source: `${KEYS} (aws:PrincipalOrgID)`,
    document: allowIf({ StringEquals: { 'aws:PrincipalOrgID': OTHER_ORG } }),
    expect: 'named',
    wildcardActions: true,
  },
  {
    name: 'the own and another organization ORed',
    source: `${OPERATORS} (several values of one key are ORed)`,
    document: allowIf({ StringEquals: { 'aws:PrincipalOrgID': [CORPUS_ORG, OTHER_ORG] } }),
    expect: 'named',
    wildcardActions: true,
  },
  {
    name: 'aws:PrincipalOrgID like o-* admits every organization',
    source: `${OPERATORS} (StringLike: * matches any run)`,
    document: allowIf({ StringLike: { 'aws:PrincipalOrgID': 'o-*' } }),
    expect: 'wildcard',
    wildcardActions: true,
  },
  {
    name: 'aws:PrincipalOrgID like the own id with ? admits look-alike ids',
    source: `${OPERATORS} (StringLike: ? matches one character)`,
    document: allowIf({ StringLike: { 'aws:PrincipalOrgID': 'o-testorg123?' } }),
    expect: 'wildcard',
    wildcardActions: true,
  },
  {
    name: 'StringEqualsIgnoreCase on the own organization in capitals',
    source: `${OPERATORS} (StringEqualsIgnoreCase)`,
    document: allowIf({ StringEqualsIgnoreCase: { 'aws:PrincipalOrgID': CORPUS_ORG.toUpperCase() } }),
    expect: 'closed',
    wildcardActions: true,
  },
  {
    name: 'StringEquals is case-sensitive: the own id in capitals matches nobody',
    source: `${OPERATORS} (StringEquals is case-sensitive)`,
    document: allowIf({ StringEquals: { 'aws:PrincipalOrgID': CORPUS_ORG.toUpperCase() } }),
    expect: 'closed',
  },
  {
    name: 'condition keys are case-insensitive',
    source: 'IAM User Guide: IAM JSON policy elements: Condition ("context key names are not case-sensitive")',
    document: allowIf({ StringEquals: { 'AWS:PRINCIPALORGID': CORPUS_ORG } }),
    expect: 'closed',
    wildcardActions: true,
  },
  {
    name: 'Allow with StringNotEquals on the own organization admits everyone else',
    source: `${OPERATORS} (negated operators; a missing key makes them true)`,
    document: allowIf({ StringNotEquals: { 'aws:PrincipalOrgID': CORPUS_ORG } }),
    expect: 'wildcard',
    wildcardActions: true,
  },
  {
    name: 'StringEqualsIfExists lets principals with no organization through',
    source: `${OPERATORS} (…IfExists: true when the key is absent)`,
    document: allowIf({ StringEqualsIfExists: { 'aws:PrincipalOrgID': CORPUS_ORG } }),
    expect: 'wildcard',
    wildcardActions: true,
  },
  {
    name: 'ForAllValues on aws:PrincipalOrgID is true when the key is absent',
    source: `${MULTI} (ForAllValues returns true if the key is absent; use it only with multivalued keys)`,
    document: allowIf({ 'ForAllValues:StringEquals': { 'aws:PrincipalOrgID': CORPUS_ORG } }),
    expect: 'wildcard',
    wildcardActions: true,
  },
  {
    name: 'ForAnyValue on aws:PrincipalOrgID is false when the key is absent',
    source: `${MULTI} (ForAnyValue returns false if the key is absent)`,
    document: allowIf({ 'ForAnyValue:StringEquals': { 'aws:PrincipalOrgID': CORPUS_ORG } }),
    expect: 'closed',
    wildcardActions: true,
  },
  {
    name: 'ForAnyValue:StringLike on aws:PrincipalOrgPaths under the own root',
    source: `${KEYS} (aws:PrincipalOrgPaths, a multivalued key)`,
    document: allowIf({ 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': `${CORPUS_ORG}/r-ab12/ou-ab12-11111111/*` } }),
    expect: 'closed',
    wildcardActions: true,
  },
  {
    name: 'ForAllValues:StringLike on aws:PrincipalOrgPaths admits principals in no organization',
    source: `${MULTI} (ForAllValues with an absent key)`,
    document: allowIf({ 'ForAllValues:StringLike': { 'aws:PrincipalOrgPaths': `${CORPUS_ORG}/*` } }),
    expect: 'wildcard',
    wildcardActions: true,
  },
  {
    name: 'aws:PrincipalAccount equal to the own account',
    source: `${KEYS} (aws:PrincipalAccount)`,
    document: allowIf({ StringEquals: { 'aws:PrincipalAccount': CORPUS_ACCOUNT } }),
    expect: 'closed',
    wildcardActions: true,
  },
  {
    name: 'aws:PrincipalAccount of an outside account',
    source: `${KEYS} (aws:PrincipalAccount)`,
    document: allowIf({ StringEquals: { 'aws:PrincipalAccount': OUTSIDE } }),
    expect: 'named',
    wildcardActions: true,
  },
  {
    name: 'aws:PrincipalAccount of the own and an outside account',
    source: `${OPERATORS} (values ORed)`,
    document: allowIf({ StringEquals: { 'aws:PrincipalAccount': [CORPUS_ACCOUNT, OUTSIDE] } }),
    expect: 'named',
    wildcardActions: true,
  },
  {
    name: 'aws:PrincipalArn like roles of the own account',
    source: `${OPERATORS} (ARN condition operators) and ${KEYS} (aws:PrincipalArn)`,
    document: allowIf({ ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${CORPUS_ACCOUNT}:role/*` } }),
    expect: 'closed',
    wildcardActions: true,
  },
  {
    name: 'aws:PrincipalArn like a role name in any account',
    source: `${OPERATORS} (ArnLike: wildcards in any segment, the account included)`,
    document: allowIf({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/Admin' } }),
    expect: 'wildcard',
    wildcardActions: true,
  },
  {
    name: 'aws:PrincipalArn equal to an outside role',
    source: `${OPERATORS} (ArnEquals)`,
    document: allowIf({ ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${OUTSIDE}:role/reader` } }),
    expect: 'named',
    wildcardActions: true,
  },
  {
    name: 'aws:PrincipalArn with StringLike over the own account',
    source: `${OPERATORS} (string operators on ARN keys)`,
    document: allowIf({ StringLike: { 'aws:PrincipalArn': `arn:aws:iam::${CORPUS_ACCOUNT}:*` } }),
    expect: 'closed',
    wildcardActions: true,
  },
  {
    name: 'aws:PrincipalIsAWSService true admits only service principals',
    source: `${KEYS} (aws:PrincipalIsAWSService); ${PERIMETER} (AllowRequestsByAWSServicePrincipals)`,
    document: allowIf({ Bool: { 'aws:PrincipalIsAWSService': 'true' } }),
    expect: 'closed',
    wildcardActions: true,
  },
  {
    name: 'aws:PrincipalIsAWSService false admits every non-service caller',
    source: `${KEYS} (aws:PrincipalIsAWSService)`,
    document: allowIf({ Bool: { 'aws:PrincipalIsAWSService': 'false' } }),
    expect: 'wildcard',
    wildcardActions: true,
  },
  {
    name: 'Null false on aws:PrincipalOrgID admits any organization',
    source: `${OPERATORS} (Null condition operator)`,
    document: allowIf({ Null: { 'aws:PrincipalOrgID': 'false' } }),
    expect: 'wildcard',
    wildcardActions: true,
  },
  {
    name: 'Null true on aws:PrincipalOrgID admits accounts in no organization',
    source: `${OPERATORS} (Null condition operator)`,
    document: allowIf({ Null: { 'aws:PrincipalOrgID': 'true' } }),
    expect: 'wildcard',
    wildcardActions: true,
  },
  {
    name: 'two keys ANDed: organization and the endpoint itself',
    source: `${OPERATORS} (keys in one condition block are ANDed)`,
    document: allowIf({ StringEquals: { 'aws:PrincipalOrgID': CORPUS_ORG, 'aws:SourceVpce': CORPUS_ENDPOINT } }),
    expect: 'closed',
    wildcardActions: true,
  },
  {
    name: 'two operators on one key ANDed',
    source: `${OPERATORS} (operators in one Condition are ANDed)`,
    document: allowIf({ StringLike: { 'aws:PrincipalOrgID': 'o-*' }, StringEquals: { 'aws:PrincipalOrgID': CORPUS_ORG } }),
    expect: 'closed',
    wildcardActions: true,
  },

  // ── Network and service-to-service keys ──────────────────────────────────────────────────
  {
    name: 'aws:SourceVpce naming the endpoint itself bounds nothing',
    source: `${KEYS} (aws:SourceVpce is the endpoint the request came through)`,
    document: allowIf({ StringEquals: { 'aws:SourceVpce': CORPUS_ENDPOINT } }),
    expect: 'wildcard',
    wildcardActions: true,
  },
  {
    name: 'aws:SourceVpce naming another endpoint never matches here',
    source: `${KEYS} (aws:SourceVpce)`,
    document: allowIf({ StringEquals: { 'aws:SourceVpce': 'vpce-0ffffffffffffffff' } }),
    expect: 'closed',
  },
  {
    name: 'an aws:SourceVpce list read as "any of"',
    source: `${OPERATORS} (several values are ORed); ${MULTI}`,
    document: allowIf({ 'ForAllValues:StringEquals': { 'aws:SourceVpce': [CORPUS_ENDPOINT, 'vpce-0ffffffffffffffff'] } }),
    expect: 'wildcard',
    wildcardActions: true,
  },
  {
    name: "aws:SourceVpc naming the endpoint's VPC bounds nothing",
    source: `${KEYS} (aws:SourceVpc)`,
    document: allowIf({ StringEquals: { 'aws:SourceVpc': CORPUS_VPC } }),
    expect: 'wildcard',
    wildcardActions: true,
  },
  {
    name: 'aws:VpcSourceIp is a network bound, not an identity bound',
    source: `${KEYS} (aws:VpcSourceIp: the IP address of the request through a VPC endpoint)`,
    document: allowIf({ IpAddress: { 'aws:VpcSourceIp': '10.0.0.0/16' } }),
    expect: 'wildcard',
    wildcardActions: true,
  },
  {
    name: 'aws:SourceIp is absent through an endpoint, so IpAddress never matches',
    source: `${KEYS} (aws:SourceIp is not present in requests through a VPC endpoint)`,
    document: allowIf({ IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }),
    expect: 'closed',
  },
  {
    name: 'NotIpAddress on aws:SourceIp is true through an endpoint',
    source: `${KEYS} (aws:SourceIp) and ${OPERATORS} (negated operators with a missing key)`,
    document: allowIf({ NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }),
    expect: 'wildcard',
    wildcardActions: true,
  },
  {
    name: 'aws:SourceAccount is present only for services acting for a resource owner',
    source: `${KEYS} (aws:SourceAccount)`,
    document: allowIf({ StringEquals: { 'aws:SourceAccount': CORPUS_ACCOUNT } }),
    expect: 'closed',
    wildcardActions: true,
  },
  {
    name: 'aws:SourceArn of the own account',
    source: `${KEYS} (aws:SourceArn)`,
    document: allowIf({ ArnLike: { 'aws:SourceArn': `arn:aws:*:*:${CORPUS_ACCOUNT}:*` } }),
    expect: 'closed',
    wildcardActions: true,
  },
  {
    name: 'aws:SourceOrgID of the own organization',
    source: `${KEYS} (aws:SourceOrgID)`,
    document: allowIf({ StringEquals: { 'aws:SourceOrgID': CORPUS_ORG } }),
    expect: 'closed',
    wildcardActions: true,
  },

  // ── Other operator families: not identity bounds, unless ANDed with one ──────────────────
  {
    name: 'an MFA age bound alone',
    source: `${OPERATORS} (Numeric) and ${KEYS} (aws:MultiFactorAuthAge)`,
    document: allowIf({ NumericLessThan: { 'aws:MultiFactorAuthAge': 3600 } }),
    expect: 'wildcard',
    wildcardActions: true,
  },
  {
    name: 'an MFA age bound ANDed with the organization',
    source: `${OPERATORS} (Numeric; keys ANDed)`,
    document: allowIf({
      NumericLessThanEquals: { 'aws:MultiFactorAuthAge': '3600' },
      StringEquals: { 'aws:PrincipalOrgID': CORPUS_ORG },
    }),
    expect: 'closed',
    wildcardActions: true,
  },
  {
    name: 'a time window alone',
    source: `${OPERATORS} (Date) and ${KEYS} (aws:CurrentTime)`,
    document: allowIf({ DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } }),
    expect: 'wildcard',
    wildcardActions: true,
  },
  {
    name: 'a time window ANDed with the organization',
    source: `${OPERATORS} (Date; keys ANDed)`,
    document: allowIf({
      DateGreaterThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' },
      StringEquals: { 'aws:PrincipalOrgID': CORPUS_ORG },
    }),
    expect: 'closed',
    wildcardActions: true,
  },
  {
    name: 'HTTPS only, no identity bound',
    source: `${OPERATORS} (Bool) and ${KEYS} (aws:SecureTransport)`,
    document: allowIf({ Bool: { 'aws:SecureTransport': 'true' } }),
    expect: 'wildcard',
    wildcardActions: true,
  },
  {
    name: 'a requested-region bound alone',
    source: `${KEYS} (aws:RequestedRegion)`,
    document: allowIf({ StringEquals: { 'aws:RequestedRegion': 'us-east-1' } }),
    expect: 'wildcard',
    wildcardActions: true,
  },
  {
    name: 'a principal tag alone (the caller tags its own role)',
    source: `${KEYS} (aws:PrincipalTag is set by whoever owns the principal)`,
    document: allowIf({ StringEquals: { 'aws:PrincipalTag/team': 'payments' } }),
    expect: 'wildcard',
    wildcardActions: true,
  },
  {
    name: 'a DynamoDB leading-keys condition alone',
    source: 'DynamoDB developer guide: Using IAM policy conditions for fine-grained access control (dynamodb:LeadingKeys)',
    document: allowIf({ 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['tenant-1'] } }),
    expect: 'wildcard',
    wildcardActions: true,
  },

  // ── Deny guards: a Deny removes exactly the requests it matches ──────────────────────────
  {
    name: 'Allow all, Deny every action outside the organization',
    source: `${EVALUATION} (an explicit deny overrides any allow)`,
    document: guarded({ Condition: { StringNotEquals: { 'aws:PrincipalOrgID': CORPUS_ORG } } }),
    expect: 'closed',
    wildcardActions: true,
  },
  {
    name: 'a Deny guard written with dynamodb:* through a DynamoDB endpoint',
    source: `${EVALUATION}; a DynamoDB endpoint carries only dynamodb:* actions`,
    document: {
      Version: V,
      Statement: [
        allowAll,
        {
          Effect: 'Deny',
          Principal: '*',
          Action: 'dynamodb:*',
          Resource: '*',
          Condition: { StringNotEquals: { 'aws:PrincipalOrgID': CORPUS_ORG } },
        },
      ],
    },
    expect: 'closed',
    wildcardActions: true,
  },
  {
    name: 'a Deny guard on one action leaves the others open',
    source: EVALUATION,
    document: {
      Version: V,
      Statement: [
        allowAll,
        {
          Effect: 'Deny',
          Principal: '*',
          Action: 'dynamodb:DeleteTable',
          Resource: '*',
          Condition: { StringNotEquals: { 'aws:PrincipalOrgID': CORPUS_ORG } },
        },
      ],
    },
    expect: 'wildcard',
    wildcardActions: true,
  },
  {
    name: 'a Deny guard ANDed with SecureTransport false fires only for plain HTTP',
    source: `${OPERATORS} (conditions ANDed) and ${EVALUATION}`,
    document: guarded({
      Condition: { StringNotEquals: { 'aws:PrincipalOrgID': CORPUS_ORG }, Bool: { 'aws:SecureTransport': 'false' } },
    }),
    expect: 'wildcard',
    wildcardActions: true,
  },
  {
    name: 'a Deny guard on aws:PrincipalArn outside the own account',
    source: `${NOTPRINCIPAL} (AWS recommends aws:PrincipalArn with ArnNotLike instead)`,
    document: guarded({ Condition: { ArnNotLike: { 'aws:PrincipalArn': `arn:aws:iam::${CORPUS_ACCOUNT}:*` } } }),
    expect: 'closed',
    wildcardActions: true,
  },
  {
    name: 'a Deny guard with StringNotEqualsIfExists still denies principals in no organization',
    source: `${OPERATORS} (…IfExists: true when the key is absent, so the Deny applies)`,
    document: guarded({ Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': CORPUS_ORG } } }),
    expect: 'closed',
    wildcardActions: true,
  },
  {
    name: 'a Deny guard with ForAnyValue:StringNotEquals misses principals in no organization',
    source: `${MULTI} (ForAnyValue is false when the key is absent, so the Deny does not apply)`,
    document: guarded({ Condition: { 'ForAnyValue:StringNotEquals': { 'aws:PrincipalOrgID': CORPUS_ORG } } }),
    expect: 'wildcard',
    wildcardActions: true,
  },
  {
    name: 'a Deny guard with NotAction leaves the listed action open',
    source: `IAM User Guide: IAM JSON policy elements: NotAction; ${EVALUATION}`,
    document: guarded({
      Action: undefined,
      NotAction: 'dynamodb:GetItem',
      Condition: { StringNotEquals: { 'aws:PrincipalOrgID': CORPUS_ORG } },
    }),
    expect: 'wildcard',
    wildcardActions: true,
  },
  {
    name: 'a Deny guard on aws:PrincipalAccount',
    source: `${KEYS} (aws:PrincipalAccount); ${EVALUATION}`,
    document: guarded({ Condition: { StringNotEquals: { 'aws:PrincipalAccount': CORPUS_ACCOUNT } } }),
    expect: 'closed',
    wildcardActions: true,
  },
  {
    name: 'a Deny guard keyed on another endpoint never fires here',
    source: `${KEYS} (aws:SourceVpce) and ${OPERATORS}`,
    document: guarded({ Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-0ffffffffffffffff' } } }),
    expect: 'wildcard',
    fullAccess: true,
    wildcardActions: true,
  },
  {
    name: 'an Allow that can never match through this endpoint',
    source: `${KEYS} (aws:SourceVpce)`,
    document: {
      Version: V,
      Statement: [{ ...allowAll, Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-0ffffffffffffffff' } } }],
    },
    expect: 'closed',
  },
  {
    name: 'Deny everything to everyone',
    source: EVALUATION,
    document: { Version: V, Statement: [allowAll, { Effect: 'Deny', Principal: '*', Action: '*', Resource: '*' }] },
    expect: 'closed',
  },

  // ── Policy variables ──────────────────────────────────────────────────────────────────────
  {
    name: "resources of the caller's own account, by variable",
    source: `${VARIABLES} (variables in Resource)`,
    document: {
      Version: V,
      Statement: [
        {
          Effect: 'Allow',
          Principal: '*',
          Action: 'dynamodb:GetItem',
          Resource: `arn:aws:dynamodb:*:${iamVariable('aws:PrincipalAccount')}:table/*`,
        },
      ],
    },
    expect: 'wildcard',
  },
  {
    name: "aws:ResourceAccount equal to the caller's account, ANDed with the organization",
    source: `${VARIABLES} (variables in Condition values)`,
    document: allowIf({
      StringEquals: { 'aws:ResourceAccount': iamVariable('aws:PrincipalAccount'), 'aws:PrincipalOrgID': CORPUS_ORG },
    }),
    expect: 'closed',
    wildcardActions: true,
  },
  {
    name: 'a self-referencing organization variable is a tautology in 2012-10-17',
    source: `${VARIABLES} (resolved in Version 2012-10-17)`,
    document: allowIf({ StringEquals: { 'aws:PrincipalOrgID': iamVariable('aws:PrincipalOrgID') } }),
    expect: 'wildcard',
    wildcardActions: true,
  },
  {
    name: 'the same variable is literal text in 2008-10-17',
    source: `${VARIABLES} (variables are literal text before Version 2012-10-17)`,
    document: {
      ...allowIf({ StringEquals: { 'aws:PrincipalOrgID': iamVariable('aws:PrincipalOrgID') } }),
      Version: '2008-10-17',
    },
    expect: 'closed',
  },

  // ── Published policies ────────────────────────────────────────────────────────────────────
  {
    name: 'the data-perimeter default endpoint policy',
    source: PERIMETER,
    document: {
      Version: V,
      Statement: [
        {
          Sid: 'AllowRequestsByOrgsIdentitiesToOrgsResources',
          Effect: 'Allow',
          Principal: '*',
          Action: '*',
          Resource: '*',
          Condition: { StringEquals: { 'aws:PrincipalOrgID': CORPUS_ORG, 'aws:ResourceOrgID': CORPUS_ORG } },
        },
        {
          Sid: 'AllowRequestsByAWSServicePrincipals',
          Effect: 'Allow',
          Principal: '*',
          Action: '*',
          Resource: '*',
          Condition: { Bool: { 'aws:PrincipalIsAWSService': 'true' } },
        },
        {
          Sid: 'AllowRequestsByOrgsIdentitiesToAnyResources',
          Effect: 'Allow',
          Principal: '*',
          Action: '*',
          Resource: '*',
          Condition: { StringEquals: { 'aws:PrincipalOrgID': CORPUS_ORG, 'aws:PrincipalTag/dp:exclude:resource': 'true' } },
        },
      ],
    },
    expect: 'closed',
    wildcardActions: true,
  },
  {
    name: 'the data-perimeter pattern for trusted third-party identities to their resources',
    source:
      'aws-samples/data-perimeter-policy-examples: vpc_endpoint_policies (AllowRequestsByThirdPartyIdentitiesToThirdPartyResources)',
    document: {
      Version: V,
      Statement: [
        orgBound.Statement[0],
        {
          Sid: 'AllowRequestsByThirdPartyIdentitiesToThirdPartyResources',
          Effect: 'Allow',
          Principal: '*',
          Action: 'dynamodb:GetItem',
          Resource: `arn:aws:dynamodb:us-east-1:${OUTSIDE}:table/shared`,
          Condition: { StringEquals: { 'aws:PrincipalAccount': [OUTSIDE] } },
        },
      ],
    },
    expect: 'named',
    wildcardActions: true,
  },
  {
    name: 'the DynamoDB guide\'s "access to a specific table" example bounds tables, not callers',
    source: `${DYNAMODB} (example: access to a specific table)`,
    document: {
      Statement: [
        {
          Sid: 'AccessToSpecificTable',
          Principal: '*',
          Action: [
            'dynamodb:Batch*',
            'dynamodb:Delete*',
            'dynamodb:DescribeTable',
            'dynamodb:GetItem',
            'dynamodb:PutItem',
            'dynamodb:Update*',
          ],
          Effect: 'Allow',
          Resource: TABLE,
        },
      ],
    },
    expect: 'wildcard',
  },
  {
    name: "the DynamoDB guide's read-only example for the own account's role",
    source: `${DYNAMODB} (example: read-only access for a specific IAM role)`,
    document: {
      Statement: [
        {
          Sid: 'ReadOnly',
          Principal: { AWS: `arn:aws:iam::${CORPUS_ACCOUNT}:role/Reader` },
          Action: ['dynamodb:DescribeTable', 'dynamodb:ListTables', 'dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan'],
          Effect: 'Allow',
          Resource: '*',
        },
      ],
    },
    expect: 'closed',
  },
  {
    name: 'the PrivateLink guide\'s "deny an action" example leaves everyone else in',
    source: `${PRIVATELINK} (allow all, deny specific actions)`,
    document: {
      Version: V,
      Statement: [
        allowAll,
        { Effect: 'Deny', Principal: '*', Action: ['dynamodb:DeleteTable', 'dynamodb:UpdateTable'], Resource: '*' },
      ],
    },
    expect: 'wildcard',
    wildcardActions: true,
  },
  {
    name: 'an organization-bound policy whose organization the scan was not told about',
    source: `${KEYS} (aws:PrincipalOrgID); trust.organizationIds empty and ownOrganization unknown`,
    document: allowIf({ StringEquals: { 'aws:PrincipalOrgID': 'o-notmineatall' } }),
    expect: 'named',
    wildcardActions: true,
  },
];

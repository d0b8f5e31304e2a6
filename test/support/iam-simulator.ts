/**
 * The independent IAM evaluator the reasoner is tested against: @cloud-copilot/iam-simulate
 * (AGPL-3.0, a devDependency used only here; nothing under functions/ imports it).
 *
 * Two ways to ask it, because it is stricter than the PrivateLink guide about endpoint policies:
 * - `endpoint`: the document as a VPC endpoint policy, reading only its endpoint analysis (the
 *   identity policy allows everything and the resource policy everyone, so neither hides what
 *   the endpoint decides). The simulator accepts only `"Principal": "*"` there;
 * - `resource`: the same document as a resource-based policy, for documents with specific
 *   principals or NotPrincipal, which the simulator refuses as endpoint policies although the
 *   IAM guide's NotPrincipal page and the PrivateLink guide allow them. Principal matching is the
 *   same IAM language in both.
 */
import { anonymousPrincipal, runSimulation } from '@cloud-copilot/iam-simulate';

export interface SimulatedRequest {
  /** A principal ARN, a service principal (`dynamodb.amazonaws.com`), or `anonymous`. */
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  readonly context: Readonly<Record<string, string | readonly string[]>>;
}

export type SimulationMode = 'endpoint' | 'resource';

const ALLOW_ALL = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
const ALLOW_EVERYONE = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] };

/** The mode a document needs: `endpoint` unless it has a principal other than "*" or a NotPrincipal. */
export const simulationModeFor = (document: unknown): SimulationMode => {
  const raw = (document as { Statement?: unknown }).Statement;
  const statements = (Array.isArray(raw) ? raw : [raw]) as Record<string, unknown>[];
  return statements.every((statement) => statement?.Principal === '*' && statement.NotPrincipal === undefined)
    ? 'endpoint'
    : 'resource';
};

/** Whether the simulator allows the request under the document; throws on a simulator input error. */
export const simulatorAllows = async (
  document: unknown,
  request: SimulatedRequest,
  mode = simulationModeFor(document),
): Promise<boolean> => {
  const anonymous = request.principal === 'anonymous';
  const response = await runSimulation(
    {
      request: {
        principal: anonymous ? anonymousPrincipal : request.principal,
        action: request.action,
        resource: { resource: request.resource, accountId: request.resource.split(':')[4] || '111122223333' },
        contextVariables: Object.fromEntries(
          Object.entries(request.context).map(([key, value]) => [key, typeof value === 'string' ? value : [...value]]),
        ),
      },
      identityPolicies: anonymous ? [] : [{ name: 'allow-all', policy: ALLOW_ALL }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: mode === 'endpoint' ? ALLOW_EVERYONE : document,
      ...(mode === 'endpoint' ? { vpcEndpointPolicies: [{ name: 'endpoint', policy: document }] } : {}),
    },
    {},
  );
  if (response.resultType === 'error') throw new Error(`simulator rejected the input: ${JSON.stringify(response.errors)}`);
  const analysis = response.resultType === 'single' ? response.result.analysis : response.results[0]?.analysis;
  const result = mode === 'endpoint' ? analysis?.endpointAnalysis?.result : analysis?.resourceAnalysis?.result;
  if (result === undefined) throw new Error('simulator gave no decision for the policy under test');
  return result === 'Allowed' || result === 'AllowedForAccount';
};

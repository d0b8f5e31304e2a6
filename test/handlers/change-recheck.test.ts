/**
 * The change handler on the lab: each sample CloudTrail event (retargeted at the seeded estate)
 * re-checks exactly what it touched, in a counted handful of API calls; a regression reaches SNS
 * once; duplicates, failed calls and malformed events do nothing, each with a clear reason.
 */
import { readdir, readFile } from 'node:fs/promises';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { AuthorizeSecurityGroupIngressCommand, DeleteVpcEndpointsCommand } from '@aws-sdk/client-ec2';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbBaselineStore } from '../../functions/engine/baseline/dynamodb-store.ts';
import { CHANGE_EVENTS, RESOURCE_KINDS, type ResourceKind } from '../../functions/engine/events/event-map.ts';
import { createChangeHandler } from '../../functions/handlers/change-recheck.ts';
import { createSweepHandler } from '../../functions/handlers/scheduled-sweep.ts';
import { CloudTrailApiCallEventSchema } from '../../functions/handlers/schemas.ts';
import { type LabDeployment, localContext } from '../../lab/lab-deployment.ts';
import type { CapturedOutput } from '../../lab/lambda-output.ts';
import { labTargets, retargetEvent } from '../../lab/retarget.ts';
import type { DemoEstate } from '../../lab/seed.ts';
import { useLabDeployment } from '../support/lab.ts';

const EVENTS = new URL('../../events/', import.meta.url);
/** Sample file names: `<service>-<kebab-case event name>.json`. */
const kebab = (name: string) =>
  name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1-$2')
    .toLowerCase();
const sample = async (name: string) => JSON.parse(await readFile(new URL(name, EVENTS), 'utf8'));
const handle = useLabDeployment();
let deployment: LabDeployment;
let estate: DemoEstate;
let output: CapturedOutput;

beforeEach(async () => {
  ({ deployment, estate, output } = handle);
  // The baseline: one sweep, and its first alerts read out of the way.
  await createSweepHandler(deployment.deps)(await sample('scheduled-sweep.json'), localContext('sweep'));
  await deployment.inbox.receive();
});

const deliver = async (name: string, targets = labTargets(estate)) => {
  const event = retargetEvent(await sample(name), targets);
  return createChangeHandler(deployment.deps)(event, localContext('change-recheck'));
};

const NETWORK = {
  'EC2.DescribeRouteTables': 1,
  'EC2.DescribeSecurityGroups': 1,
  'EC2.DescribeSubnets': 1,
  'EC2.DescribeVpcEndpoints': 1,
  'EC2.DescribeVpcs': 1,
  // The endpoint-policy checks trust the account's own organization: one read per run.
  'Organizations.DescribeOrganization': 1,
};
const FILE_CACHES = { 'EC2.DescribeNetworkInterfaces': 1, 'FSx.DescribeFileCaches': 1 };
const ON_PREMISES = {
  'DirectConnect.DescribeConnections': 1,
  'DirectConnect.DescribeVirtualInterfaces': 1,
  'EC2.DescribeVpnConnections': 1,
};
const withoutOrganization = ({ 'Organizations.DescribeOrganization': _, ...calls }: Record<string, number>) => calls;
/** One Describe call to find the VPC of a network resource, on top of reading that VPC. */
const plus = (calls: Record<string, number>, operation: string) => ({ ...calls, [operation]: (calls[operation] ?? 0) + 1 });
const EXPECTED_CALLS: Record<ResourceKind, Record<string, number>> = {
  'vpc-endpoint': plus(NETWORK, 'EC2.DescribeVpcEndpoints'),
  'route-table': plus(NETWORK, 'EC2.DescribeRouteTables'),
  subnet: plus(NETWORK, 'EC2.DescribeSubnets'),
  'security-group': plus({ ...NETWORK, ...FILE_CACHES }, 'EC2.DescribeSecurityGroups'),
  'network-interface': plus({ ...NETWORK, ...FILE_CACHES }, 'EC2.DescribeNetworkInterfaces'),
  'vpn-connection': ON_PREMISES,
  'dx-connection': ON_PREMISES,
  'dx-virtual-interface': ON_PREMISES,
  // File Cache re-checks run no endpoint-policy check, so they need no organization.
  'file-cache': { ...withoutOrganization(NETWORK), ...FILE_CACHES },
  // The listener collector also lists API Gateway domains and CloudFront distributions.
  'elb-listener': {
    'APIGateway.GetDomainNames': 1,
    'ApiGatewayV2.GetDomainNames': 1,
    'CloudFront.ListDistributions': 1,
    'ElasticLoadBalancingV2.DescribeLoadBalancers': 1,
  },
};
const CHANGE_SAMPLES = CHANGE_EVENTS.flatMap((mapping) =>
  mapping.eventNames.map((eventName) => ({
    mapping,
    eventName,
    file: `${mapping.source.replace('aws.', '')}-${kebab(eventName)}.json`,
  })),
);

describe('the change samples in events/', () => {
  it('cover every mapped call, each a valid CloudTrail event', async () => {
    const files = await readdir(EVENTS);
    for (const { file } of CHANGE_SAMPLES) expect(files, file).toContain(file);
    for (const { file, eventName } of CHANGE_SAMPLES) {
      const parsed = CloudTrailApiCallEventSchema.safeParse(await sample(file));
      expect(parsed.success, file).toBe(true);
      expect(parsed.data?.detail.eventName).toBe(eventName);
    }
  });
});

describe('change re-check handler', () => {
  it.each(CHANGE_SAMPLES.map((entry) => [entry.file, entry] as const))(
    '%s re-checks what it touched in a counted handful of calls',
    async (file, { mapping, eventName }) => {
      const result = (await deliver(file)) as Record<string, unknown>;
      const withoutId = mapping.withoutId?.includes(eventName);
      expect(result).toMatchObject({ status: 'rechecked', eventName, resource: mapping.resource, alerts: { failed: 0 } });
      // Nothing changed in the estate, so nothing is news.
      expect(result.changes).toEqual([]);
      const expected = withoutId && mapping.recheck.scope === 'vpc' ? NETWORK : EXPECTED_CALLS[mapping.resource];
      expect(result.apiCallsByOperation).toEqual(expected);
      if (mapping.recheck.scope === 'vpc') {
        expect(result.vpcIds).toEqual(withoutId ? null : [estate.prodApp.vpcId]);
      }
    },
  );

  it("re-checks only the changed group when its new rule references another account's group (issue 14)", async () => {
    // Only the changed group is retargeted; the referenced one stays another account's id, which
    // DescribeSecurityGroups cannot find: before, both were located together, the batch failed,
    // and the whole region was re-read.
    const targets = [
      [/^sg-0c1d2e3f4a5b60789$/, estate.prodApp.internalSecurityGroupId] as const,
      ...labTargets(estate).filter(([pattern]) => pattern !== RESOURCE_KINDS['security-group']),
    ];
    const result = (await deliver('ec2-authorize-security-group-ingress-cross-account-source.json', targets)) as Record<
      string,
      unknown
    >;
    expect(result).toMatchObject({
      status: 'rechecked',
      ids: [estate.prodApp.internalSecurityGroupId],
      idsFrom: 'documented-fields',
      vpcIds: [estate.prodApp.vpcId],
    });
    expect(result.apiCallsByOperation).toEqual(EXPECTED_CALLS['security-group']);
  });

  it('turns a security group opened to the world into one regression email, once', async () => {
    await deployment.deps.clients.ec2('us-east-1').send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: estate.prodApp.internalSecurityGroupId,
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
      }),
    );
    const event = retargetEvent(await sample('ec2-authorize-security-group-ingress.json'), labTargets(estate));
    const first = (await createChangeHandler(deployment.deps)(event, localContext('change-recheck'))) as Record<string, unknown>;
    expect(first.changes).toEqual([
      `REGRESSION vpc_endpoint_security_group_ingress_restricted us-east-1/${estate.prodApp.fileCacheEndpointId}`,
    ]);
    const emails = await deployment.inbox.receive();
    expect(emails.map((email) => email.subject)).toEqual([
      '[HIGH] 1 regression in 123456789012/us-east-1: File Cache VPC endpoint admits HTTPS from outside',
    ]);
    expect(output.metrics()).toContain('Regressions {} 1');

    // EventBridge delivers the same event again: the stored result comes back, nothing runs.
    deployment.recorder.reset();
    const again = await createChangeHandler(deployment.deps)(event, localContext('change-recheck'));
    expect(again).toEqual(first);
    expect(deployment.recorder.total).toBe(0);
    expect(await deployment.inbox.receive()).toEqual([]);
  });

  it('records a deletion as RESOLVED_BY_DELETION and sends its recovery, without crashing', async () => {
    const doomed = estate.prodApp.dynamodbEndpointId; // failing three checks since the baseline sweep
    await deployment.deps.clients.ec2('us-east-1').send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: [doomed] }));
    const targets = [[RESOURCE_KINDS['vpc-endpoint'], doomed] as const, ...labTargets(estate)];
    const result = (await deliver('ec2-delete-vpc-endpoints.json', targets)) as Record<string, unknown>;
    expect(result.status).toBe('rechecked');
    expect((result.changes as string[]).filter((change) => change.startsWith('RESOLVED_BY_DELETION')).sort()).toEqual([
      `RESOLVED_BY_DELETION vpc_endpoint_gateway_routes_all_subnets us-east-1/${doomed}`,
      `RESOLVED_BY_DELETION vpc_endpoint_policy_no_wildcard_actions us-east-1/${doomed}`,
      `RESOLVED_BY_DELETION vpc_endpoint_policy_wildcard_principal_bounded us-east-1/${doomed}`,
    ]);
    // Deleting the VPC's only DynamoDB endpoint is also a new problem: the required endpoint is gone.
    expect(result.changes).toContain(
      `REGRESSION vpc_required_service_endpoints_present us-east-1/${estate.prodApp.vpcId}/dynamodb-gateway`,
    );
    const subjects = (await deployment.inbox.receive()).map((email) => email.subject).sort();
    expect(subjects).toEqual([
      '[HIGH] 1 regression in 123456789012/us-east-1: DynamoDB required VPC endpoint is missing',
      '[RECOVERED] 3 deletions in 123456789012/us-east-1: DynamoDB subnets bypass the... (+2 more)',
    ]);
  });

  it('ignores a call that failed, with the reason and no AWS call', async () => {
    const result = await deliver('ec2-modify-vpc-endpoint-failed.json');
    expect(result).toEqual({
      status: 'ignored',
      reason: 'ModifyVpcEndpoint failed (Client.UnauthorizedOperation), so nothing changed',
      apiCalls: 0,
    });
    expect(output.metrics()).toContain('IgnoredEvents {"Handler":"change-recheck"} 1');
  });

  it.each([
    ['missing-event-name.json', 'detail.eventName'],
    ['wrong-detail-type.json', 'detail-type'],
    ['bad-event-time.json', 'detail.eventTime'],
    ['no-resource-id.json', 'detail.requestParameters'],
  ])('rejects malformed/%s naming %s, with a metric and no retry', async (file, field) => {
    const result = (await createChangeHandler(deployment.deps)(
      await sample(`malformed/${file}`),
      localContext('change-recheck'),
    )) as {
      status: string;
      field: string;
    };
    expect(result).toMatchObject({ status: 'rejected', field });
    const rejection = output.logs().filter((line) => line.message === 'rejected malformed event');
    expect(rejection).toHaveLength(1);
    expect(rejection[0]).toMatchObject({ level: 'ERROR', field });
    expect(output.metrics()).toContain('MalformedEvents {"Handler":"change-recheck"} 1');
  });

  it('throws a transient AWS failure so the platform retries it (and then the DLQ)', async () => {
    const broken = {
      ...deployment.deps,
      store: new DynamoDbBaselineStore(
        new DynamoDBClient({
          region: 'us-east-1',
          endpoint: handle.lab.moto.endpoint,
          credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
        }),
        'no-such-table',
      ),
    };
    const event = { ...retargetEvent(await sample('ec2-modify-vpc-endpoint.json'), labTargets(estate)), id: 'fresh-id-1' };
    await expect(createChangeHandler(broken)(event, localContext('change-recheck'))).rejects.toThrow(
      /Requested resource not found|ResourceNotFound/,
    );
    // The failed attempt left no idempotency record behind, so the platform's retry does the work.
    const retried = (await createChangeHandler(deployment.deps)(event, localContext('change-recheck'))) as { status: string };
    expect(retried.status).toBe('rechecked');
  });

  it('throws when the deadline cuts the re-check off, so the event is retried instead of cached as "no changes"', async () => {
    // Issue 17, case 3: a slow Describe made the re-check hit its deadline and return changes: []
    // successfully; idempotency cached that, and the regression waited for the next sweep.
    const event = { ...retargetEvent(await sample('ec2-modify-vpc-endpoint.json'), labTargets(estate)), id: 'late-id-1' };
    const reserve = deployment.deps.outputReserveMs;
    await expect(createChangeHandler(deployment.deps)(event, localContext('change-recheck', reserve + 1))).rejects.toThrow(
      /reached its deadline/,
    );
    // No idempotency record was kept: the platform's retry, with time to spare, does the work.
    const retried = (await createChangeHandler(deployment.deps)(event, localContext('change-recheck'))) as { status: string };
    expect(retried.status).toBe('rechecked');
  });

  it('logs with the event id as correlation id', async () => {
    const event = retargetEvent(await sample('ec2-modify-vpc-endpoint.json'), labTargets(estate));
    await createChangeHandler(deployment.deps)(event, localContext('change-recheck'));
    const finished = output.logs().find((line) => line.message === 're-check finished');
    expect(finished).toMatchObject({ correlation_id: event.id, function_name: 'change-recheck', level: 'INFO' });
  });
});

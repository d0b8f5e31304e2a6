/**
 * A first scan with no policy file in an account that belongs to an organization: the account's
 * own organization is trusted (organizations:DescribeOrganization, which any member may call),
 * so the organization-bound endpoint policy AWS recommends is not reported as untrusted.
 * Against moto's Organizations and EC2; the denied-call path uses a typed mock, because moto
 * does not enforce IAM.
 */
import { CreateVpcCommand, CreateVpcEndpointCommand } from '@aws-sdk/client-ec2';
import { CreateOrganizationCommand, DescribeOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../../functions/engine/catalog.ts';
import { CHECK_IDS, CHECKS } from '../../functions/engine/checks/registry.ts';
import { AwsClients } from '../../functions/engine/collectors/aws-clients.ts';
import { describeOwnOrganization } from '../../functions/engine/collectors/organization.ts';
import { policyFromDocument } from '../../functions/engine/policy/load.ts';
import { runScan } from '../../functions/engine/scan/scan.ts';
import { orgBoundPolicy } from '../support/builders.ts';
import { useMoto } from '../support/moto.ts';

const moto = useMoto();
let clients: AwsClients | undefined;
afterEach(() => clients?.destroy());

const POLICY_CHECKS = CHECKS.filter((check) => check.id.startsWith('vpc_endpoint_policy_'));
/** The policy file a new user does not have: every default, nothing trusted by name. */
const noPolicyFile = (trust: Record<string, unknown> = {}) =>
  policyFromDocument({ version: 1, trust }, 'defaults (no policy file)', { catalog: DEFAULT_CATALOG, knownCheckIds: CHECK_IDS });

/** An organization, a VPC and a DynamoDB endpoint whose policy is bound to that organization. */
const seed = async () => {
  clients = new AwsClients(moto.server.clientOptions);
  const { Organization } = await clients
    .client(OrganizationsClient, 'us-east-1')
    .send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const organizationId = Organization?.Id as string;
  const ec2 = clients.ec2('us-east-1');
  const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.50.0.0/16' }));
  const { VpcEndpoint } = await ec2.send(
    new CreateVpcEndpointCommand({
      VpcId: Vpc?.VpcId,
      ServiceName: 'com.amazonaws.us-east-1.dynamodb',
      VpcEndpointType: 'Gateway',
      PolicyDocument: orgBoundPolicy(organizationId),
    }),
  );
  return { organizationId, endpointId: VpcEndpoint?.VpcEndpointId as string };
};

const statuses = (findings: readonly { checkId: string; resourceId: string; status: string }[], endpointId: string) =>
  Object.fromEntries(findings.filter((finding) => finding.resourceId === endpointId).map((f) => [f.checkId, f.status]));

describe("trusting the account's own organization", () => {
  it('passes an organization-bound endpoint policy on a scan with no policy file', async () => {
    const { organizationId, endpointId } = await seed();
    const result = await runScan({
      policy: noPolicyFile(),
      regions: ['us-east-1'],
      clients: clients as AwsClients,
      checks: POLICY_CHECKS,
    });
    expect(result.organization).toMatchObject({ status: 'member', organizationId });
    expect(statuses(result.findings, endpointId)).toEqual({
      vpc_endpoint_policy_no_wildcard_actions: 'PASS',
      vpc_endpoint_policy_not_full_access: 'PASS',
      vpc_endpoint_policy_trusted_principals: 'PASS',
      vpc_endpoint_policy_wildcard_principal_bounded: 'PASS',
    });
    expect(result.warnings).toEqual([]);
  });

  it('names the organization as untrusted when trust.ownOrganization is false', async () => {
    const { organizationId, endpointId } = await seed();
    const result = await runScan({
      policy: noPolicyFile({ ownOrganization: false }),
      regions: ['us-east-1'],
      clients: clients as AwsClients,
      checks: POLICY_CHECKS,
    });
    expect(result.organization).toBeUndefined();
    const finding = result.findings.find(
      (f) => f.resourceId === endpointId && f.checkId === 'vpc_endpoint_policy_trusted_principals',
    );
    expect(finding?.status).toBe('FAIL');
    expect(finding?.message).toContain(organizationId);
  });

  it('asks nothing of Organizations when no enabled check reads trust', async () => {
    await seed();
    const result = await runScan({
      policy: noPolicyFile(),
      regions: ['us-east-1'],
      clients: clients as AwsClients,
      checks: CHECKS.filter((check) => check.id === 'vpc_endpoint_state_available'),
    });
    expect(result.organization).toBeUndefined();
  });

  it('reads an account in no organization as "none", with no warning', async () => {
    clients = new AwsClients(moto.server.clientOptions);
    expect(await describeOwnOrganization(clients, 'us-east-1')).toEqual({ status: 'none' });
  });
});

describe('a denied DescribeOrganization (typed mock: moto does not enforce IAM)', () => {
  it('is a warning naming the permission, and only the account is trusted', async () => {
    const { endpointId, organizationId } = await seed();
    const mock = mockClient(OrganizationsClient);
    let organization: Awaited<ReturnType<typeof describeOwnOrganization>>;
    try {
      mock.on(DescribeOrganizationCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }));
      const local = new AwsClients({ credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
      organization = await describeOwnOrganization(local, 'us-east-1');
      expect(organization).toMatchObject({ status: 'unknown' });
      expect(organization.status === 'unknown' && organization.reason).toContain('organizations:DescribeOrganization failed');
    } finally {
      mock.restore();
    }
    // The scan carries it as a warning and judges with the account alone.
    const result = await runScan({
      policy: noPolicyFile(),
      regions: ['us-east-1'],
      clients: clients as AwsClients,
      checks: POLICY_CHECKS,
      organization,
    });
    expect(result.warnings).toEqual([expect.stringContaining("Could not learn the account's own organization")]);
    const finding = result.findings.find(
      (f) => f.resourceId === endpointId && f.checkId === 'vpc_endpoint_policy_trusted_principals',
    );
    expect(finding?.status).toBe('FAIL');
    expect(finding?.message).toContain(organizationId);
  });
});

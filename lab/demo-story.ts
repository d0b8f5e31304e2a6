/**
 * What the demo does to the seeded estate between sweeps: three regressions a real team makes
 * (a security group opened "temporarily", an endpoint policy replaced by the console default, a
 * TLS terminator downgraded for a legacy client), each applied through the real SDK, then undone.
 * Each AWS change comes with the CloudTrail record EventBridge would deliver for it: a sample
 * from events/, pointed at the resource actually changed and carrying the parameters actually
 * sent. A TLS downgrade is not an AWS API call, so only the next sweep's live probe can see it.
 */
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import {
  AuthorizeSecurityGroupIngressCommand,
  DescribeVpcEndpointsCommand,
  type IpPermission,
  ModifyVpcEndpointCommand,
  RevokeSecurityGroupIngressCommand,
} from '@aws-sdk/client-ec2';
import { RESOURCE_KINDS } from '../functions/engine/events/event-map.ts';
import type { LabSession } from './lab-deployment.ts';
import { projectPath } from './paths.ts';
import { labTargets, retargetEvent } from './retarget.ts';
import { PROFILES } from './tls-servers.ts';

const EVENTS = pathToFileURL(`${projectPath('events')}/`);

/** The regression or its fix, and the CloudTrail record of it (none for a TLS server). */
export interface DemoStep {
  readonly what: string;
  run(session: LabSession): Promise<{ readonly cloudTrailEvent?: unknown }>;
}

export interface DemoChange {
  readonly name: string;
  readonly regression: DemoStep;
  readonly fix: DemoStep;
  /** The findings the regression must turn from PASS to FAIL (check id → resource id). */
  expectedRegressions(session: LabSession): readonly { readonly checkId: string; readonly resourceId: string }[];
}

type CloudTrailSample = {
  id: string;
  detail: { eventID: string; eventTime: string; requestParameters: Record<string, unknown>; responseElements: unknown };
};

/** A sample record for a call made now, with a fresh event id (EventBridge's id is per delivery). */
const record = async (file: string, targets: ReturnType<typeof labTargets>, detail: Partial<CloudTrailSample['detail']> = {}) => {
  const sample = retargetEvent(JSON.parse(await readFile(new URL(file, EVENTS), 'utf8')) as CloudTrailSample, targets);
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    ...sample,
    id: crypto.randomUUID(),
    time: now,
    detail: { ...sample.detail, eventID: crypto.randomUUID(), eventTime: now, ...detail },
  };
};

/** EC2's CloudTrail spelling of IpPermissions. */
const ipPermissionsRecord = (permissions: readonly IpPermission[]) => ({
  items: permissions.map((permission) => ({
    ipProtocol: permission.IpProtocol,
    fromPort: permission.FromPort,
    toPort: permission.ToPort,
    groups: {},
    ipRanges: { items: (permission.IpRanges ?? []).map((range) => ({ cidrIp: range.CidrIp, description: range.Description })) },
    ipv6Ranges: {},
    prefixListIds: {},
  })),
});

const LUSTRE_TO_THE_WORLD: IpPermission[] = [
  {
    IpProtocol: 'tcp',
    FromPort: 988,
    ToPort: 988,
    IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'temporary: vendor mount test' }],
  },
  {
    IpProtocol: 'tcp',
    FromPort: 1018,
    ToPort: 1023,
    IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'temporary: vendor mount test' }],
  },
];

/** The console's default endpoint policy: anyone, anything. */
const FULL_ACCESS = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }],
});

/** Adds or removes the open Lustre rules, and returns the CloudTrail record of that call. */
const changeLustreRules = async (session: LabSession, action: 'authorize' | 'revoke') => {
  const group = session.estate.prodApp.lustreSecurityGroupId;
  const input = { GroupId: group, IpPermissions: LUSTRE_TO_THE_WORLD };
  const ec2 = session.deployment.deps.clients.ec2(session.deployment.region);
  await (action === 'authorize'
    ? ec2.send(new AuthorizeSecurityGroupIngressCommand(input))
    : ec2.send(new RevokeSecurityGroupIngressCommand(input)));
  const targets = [[RESOURCE_KINDS['security-group'], group] as const, ...labTargets(session.estate)];
  return {
    cloudTrailEvent: await record(`ec2-${action}-security-group-ingress.json`, targets, {
      requestParameters: { groupId: group, ipPermissions: ipPermissionsRecord(LUSTRE_TO_THE_WORLD) },
      responseElements: { _return: true },
    }),
  };
};

const lustrePorts: DemoChange = {
  name: 'Lustre ports',
  regression: {
    what: 'opens the File Cache Lustre ports (TCP 988, 1018–1023) to 0.0.0.0/0 "temporarily"',
    run: (session) => changeLustreRules(session, 'authorize'),
  },
  fix: { what: 'revokes the two rules', run: (session) => changeLustreRules(session, 'revoke') },
  expectedRegressions: (session) => [
    { checkId: 'fsx_file_cache_lustre_ports_restricted', resourceId: session.estate.onPremises.fileCacheId },
  ],
};

/** The endpoint's policy before the demo replaced it, so the fix restores exactly that. */
const originalPolicies = new WeakMap<LabSession, string>();

const endpointPolicy: DemoChange = {
  name: 'endpoint policy',
  regression: {
    what: "replaces the File Cache API endpoint's policy with the console default (anyone, anything)",
    run: async (session) => {
      const ec2 = session.deployment.deps.clients.ec2(session.deployment.region);
      const endpoint = session.estate.prodApp.fileCacheEndpointId;
      const { VpcEndpoints = [] } = await ec2.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [endpoint] }));
      originalPolicies.set(session, VpcEndpoints[0]?.PolicyDocument ?? FULL_ACCESS);
      await ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: endpoint, PolicyDocument: FULL_ACCESS }));
      return {
        cloudTrailEvent: await record('ec2-modify-vpc-endpoint.json', labTargets(session.estate), {
          requestParameters: { ModifyVpcEndpointRequest: { VpcEndpointId: endpoint, PolicyDocument: FULL_ACCESS } },
        }),
      };
    },
  },
  fix: {
    what: 'puts the organization-bound policy back',
    run: async (session) => {
      const endpoint = session.estate.prodApp.fileCacheEndpointId;
      const policy = originalPolicies.get(session) as string;
      await session.deployment.deps.clients
        .ec2(session.deployment.region)
        .send(new ModifyVpcEndpointCommand({ VpcEndpointId: endpoint, PolicyDocument: policy }));
      return {
        cloudTrailEvent: await record('ec2-modify-vpc-endpoint.json', labTargets(session.estate), {
          requestParameters: { ModifyVpcEndpointRequest: { VpcEndpointId: endpoint, PolicyDocument: policy } },
        }),
      };
    },
  },
  expectedRegressions: (session) => [
    { checkId: 'vpc_endpoint_policy_wildcard_principal_bounded', resourceId: session.estate.prodApp.fileCacheEndpointId },
    { checkId: 'vpc_endpoint_policy_not_full_access', resourceId: session.estate.prodApp.fileCacheEndpointId },
  ],
};

const tlsDowngrade: DemoChange = {
  name: 'TLS downgrade',
  regression: {
    what: 'downgrades the DynamoDB endpoint stand-in to TLS 1.0 and a static-RSA suite, for a legacy client',
    run: async (session) => {
      session.lab.servers.dynamodb.reconfigure(PROFILES.legacy);
      return {};
    },
  },
  fix: {
    what: 'restores TLS 1.2+ with ECDHE only',
    run: async (session) => {
      session.lab.servers.dynamodb.reconfigure(PROFILES.modern);
      return {};
    },
  },
  expectedRegressions: () => [
    { checkId: 'tls_endpoint_minimum_version_enforced', resourceId: 'dynamodb.us-east-1.amazonaws.com:443' },
    { checkId: 'tls_endpoint_forward_secrecy_enforced', resourceId: 'dynamodb.us-east-1.amazonaws.com:443' },
  ],
};

export const DEMO_CHANGES: readonly DemoChange[] = [lustrePorts, endpointPolicy, tlsDowngrade];

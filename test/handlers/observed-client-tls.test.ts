/**
 * The observed-client-TLS handler: CloudTrail's `tlsDetails` and `vpcEndpointId` show what callers
 * of the monitored services really negotiate. A legacy caller is logged by principal and counted;
 * a modern caller through an endpoint is counted as clean; a VPC workload leaving through its NAT
 * gateway is a bypass and says why, a person at the console is not (issue 14); other services and
 * other regions are ignored; a malformed record is rejected without a retry.
 */
import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClientTlsHandler } from '../../functions/handlers/observed-client-tls.ts';
import type { HandlerDependencies } from '../../functions/handlers/runtime.ts';
import { localContext } from '../../lab/lab-deployment.ts';
import { type CapturedOutput, captureLambdaOutput } from '../../lab/lambda-output.ts';
import { policy } from '../support/builders.ts';
import { standaloneHandlerDeps } from '../support/handler-deps.ts';

const sample = async (name: string) => JSON.parse(await readFile(new URL(`../../events/${name}`, import.meta.url), 'utf8'));

let output: CapturedOutput;
let deps: HandlerDependencies;
beforeEach(() => {
  output = captureLambdaOutput();
  // Pinpoint and DynamoDB must be reached through endpoints; the org requires TLS 1.2. The handler
  // reads only the egress addresses a sweep kept in the (in-memory) baseline.
  deps = standaloneHandlerDeps(
    policy({
      scope: { regions: ['us-east-1', 'eu-west-1'] },
      tls: { minimumVersion: 'TLSv1.2' },
      requiredEndpoints: [{ vpcs: '*', services: ['dynamodb', 'pinpoint'] }],
      observedClientTls: { workloadPrincipals: ['arn:aws:iam::123456789012:user/legacy-*'] },
    }),
  );
});
afterEach(async () => {
  output.restore();
  deps.clients.destroy();
  await deps.store.close();
});

/** What a complete sweep of 123456789012/us-east-1 keeps: its VPC's NAT gateway address. */
const recordSweptEgress = async () => {
  const committed = await deps.store.commit({ account: '123456789012', region: 'us-east-1' }, 0, {
    put: [],
    remove: [],
    sweptAt: '2026-11-22T10:00:00.000Z',
    egress: {
      recordedAt: '2026-11-22T10:00:00.000Z',
      addresses: [
        { publicIp: '203.0.113.25', vpcId: 'vpc-0a1b2c3d4e5f60001', via: 'nat-gateway', resourceId: 'nat-0a1b2c3d4e5f60001' },
      ],
    },
  });
  expect(committed).toBe(true);
};

const invoke = async (event: unknown) => createClientTlsHandler(deps)(event, localContext('observed-client-tls'));

describe('observed client TLS handler', () => {
  it('flags a TLS 1.0, static-RSA caller of Pinpoint (pinpoint.amazonaws.com), by principal, and counts it', async () => {
    // The Pinpoint guide's record prints eventSource pinpoint.amazonaws.com, not the IAM prefix.
    const result = await invoke(await sample('client-tls-pinpoint-legacy-client.json'));
    expect(result).toEqual({
      status: 'observed',
      service: 'pinpoint',
      tlsVersion: 'TLSv1',
      viaEndpoint: false,
      workloadAddressesKnown: false,
      problems: [
        'negotiated TLS 1.0, below the required TLS 1.2',
        'used AES128-SHA, which has no forward secrecy',
        'reached pinpoint without its VPC endpoint, although the policy requires one: arn:aws:iam::123456789012:user/legacy-batch is a workload principal (observedClientTls.workloadPrincipals: arn:aws:iam::123456789012:user/legacy-*)',
      ],
    });
    const warning = output.logs().find((line) => line.message === 'client TLS below policy');
    expect(warning).toMatchObject({
      level: 'WARN',
      monitoredService: 'pinpoint',
      principal: 'arn:aws:iam::123456789012:user/legacy-batch',
      sourceIPAddress: '198.51.100.77',
    });
    expect(output.metrics()).toEqual(
      expect.arrayContaining([
        'ObservedApiCalls {"MonitoredService":"pinpoint"} 1',
        'ObservedCallsBelowMinimumTls {"MonitoredService":"pinpoint"} 1',
        'ObservedCallsWithoutForwardSecrecy {"MonitoredService":"pinpoint"} 1',
        'ObservedCallsOutsideEndpoint {"MonitoredService":"pinpoint"} 1',
      ]),
    );
  });

  it('counts a TLS 1.3 caller through a VPC endpoint as clean, with no warning', async () => {
    const result = await invoke(await sample('client-tls-dynamodb-via-endpoint.json'));
    expect(result).toEqual({
      status: 'observed',
      service: 'dynamodb',
      tlsVersion: 'TLSv1.3',
      viaEndpoint: true,
      workloadAddressesKnown: true,
      problems: [],
    });
    expect(output.logs().filter((line) => line.message === 'client TLS below policy')).toEqual([]);
    expect(output.metrics()).toEqual(
      expect.arrayContaining([
        'ObservedApiCalls {"MonitoredService":"dynamodb"} 1',
        'ObservedCallsBelowMinimumTls {"MonitoredService":"dynamodb"} 0',
        'ObservedCallsWithoutForwardSecrecy {"MonitoredService":"dynamodb"} 0',
        'ObservedCallsOutsideEndpoint {"MonitoredService":"dynamodb"} 0',
      ]),
    );
  });

  it('flags a VPC workload leaving through its NAT gateway around the endpoint, saying why', async () => {
    await recordSweptEgress();
    const result = await invoke(await sample('client-tls-dynamodb-nat-bypass.json'));
    expect(result).toMatchObject({
      status: 'observed',
      viaEndpoint: false,
      workloadAddressesKnown: true,
      problems: [
        'reached dynamodb without its VPC endpoint, although the policy requires one: 203.0.113.25 is the public address of NAT gateway nat-0a1b2c3d4e5f60001 in vpc-0a1b2c3d4e5f60001 (sweep of 2026-11-22T10:00:00.000Z)',
      ],
    });
    expect(output.metrics()).toContain('ObservedCallsOutsideEndpoint {"MonitoredService":"dynamodb"} 1');
  });

  it('does not flag a person in the console, whose address is no workload egress address', async () => {
    await recordSweptEgress();
    const result = await invoke(await sample('client-tls-dynamodb-console.json'));
    expect(result).toMatchObject({ status: 'observed', viaEndpoint: false, workloadAddressesKnown: true, problems: [] });
    expect(output.metrics()).toContain('ObservedCallsOutsideEndpoint {"MonitoredService":"dynamodb"} 0');
    expect(output.logs().filter((line) => line.level === 'WARN')).toEqual([]);
  });

  it('says, and does not guess, when no sweep has recorded the egress addresses yet', async () => {
    const result = await invoke(await sample('client-tls-dynamodb-nat-bypass.json'));
    expect(result).toMatchObject({ status: 'observed', workloadAddressesKnown: false, problems: [] });
    expect(output.logs().find((line) => line.level === 'WARN')).toMatchObject({
      message: "bypass not judged: no complete sweep has recorded the VPCs' egress addresses yet",
      partition: '123456789012/us-east-1',
    });
  });

  it('ignores a call from a region outside scope.regions', async () => {
    const event = await sample('client-tls-dynamodb-nat-bypass.json');
    event.detail.awsRegion = 'ap-south-1';
    expect(await invoke(event)).toEqual({ status: 'ignored', reason: "ap-south-1 is outside the policy's scope.regions" });
  });

  it('ignores calls to services the policy does not monitor', async () => {
    const result = await invoke(await sample('ec2-modify-vpc-endpoint.json'));
    expect(result).toEqual({ status: 'ignored', reason: 'ec2.amazonaws.com is not a monitored service' });
    expect(output.metrics()).toContain('IgnoredEvents {"Handler":"observed-client-tls"} 1');
  });

  it('rejects a record without an eventName, naming the field, without a retry', async () => {
    const result = await invoke(await sample('malformed/missing-event-name.json'));
    expect(result).toMatchObject({ status: 'rejected', field: 'detail.eventName' });
    expect(output.metrics()).toContain('MalformedEvents {"Handler":"observed-client-tls"} 1');
  });
});

/**
 * The observed-client-TLS handler: CloudTrail's `tlsDetails` and `vpcEndpointId` show what callers
 * of the monitored services really negotiate. A legacy caller is logged by principal and counted;
 * a modern caller through an endpoint is counted as clean; other services are ignored; a
 * malformed record is rejected without a retry.
 */
import { readFile } from 'node:fs/promises';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { localContext } from '../../functions/cli/local/lab-deployment.ts';
import { type CapturedOutput, captureLambdaOutput } from '../../functions/cli/local/lambda-output.ts';
import { SqliteBaselineStore } from '../../functions/engine/baseline/sqlite-store.ts';
import { ApiCallRecorder, AwsClients } from '../../functions/engine/collectors/aws-clients.ts';
import { createClientTlsHandler } from '../../functions/handlers/observed-client-tls.ts';
import type { HandlerDependencies } from '../../functions/handlers/runtime.ts';
import { policy } from '../support/builders.ts';

const sample = async (name: string) => JSON.parse(await readFile(new URL(`../../events/${name}`, import.meta.url), 'utf8'));

let output: CapturedOutput;
let deps: HandlerDependencies;
beforeEach(() => {
  output = captureLambdaOutput();
  const recorder = new ApiCallRecorder();
  deps = {
    // Pinpoint and DynamoDB must be reached through endpoints; the org requires TLS 1.2.
    policy: policy({
      tls: { minimumVersion: 'TLSv1.2' },
      requiredEndpoints: [{ vpcs: '*', services: ['dynamodb', 'pinpoint'] }],
    }),
    clients: new AwsClients({ recorder, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } }),
    recorder,
    // This handler reads no baseline and sends no alert; a store is required by the shape only.
    store: new SqliteBaselineStore(':memory:'),
    publisher: undefined,
    idempotency: undefined,
    logger: new Logger({ serviceName: 'traffic-privacy-monitor' }),
    metrics: new Metrics({ namespace: 'TrafficPrivacyMonitor', serviceName: 'traffic-privacy-monitor' }),
    namespace: 'TrafficPrivacyMonitor',
    regions: ['us-east-1'],
    outputReserveMs: 0,
  };
});
afterEach(() => {
  output.restore();
  deps.clients.destroy();
});

const invoke = async (event: unknown) => createClientTlsHandler(deps)(event, localContext('observed-client-tls'));

describe('observed client TLS handler', () => {
  it('flags a TLS 1.0, static-RSA caller from the internet, by principal, and counts it', async () => {
    const result = await invoke(await sample('client-tls-pinpoint-legacy-client.json'));
    expect(result).toEqual({
      status: 'observed',
      service: 'pinpoint',
      tlsVersion: 'TLSv1',
      viaEndpoint: false,
      problems: [
        'negotiated TLS 1.0, below the required TLS 1.2',
        'used AES128-SHA, which has no forward secrecy',
        'came from 198.51.100.77 without a VPC endpoint, although the policy requires one',
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
    expect(result).toEqual({ status: 'observed', service: 'dynamodb', tlsVersion: 'TLSv1.3', viaEndpoint: true, problems: [] });
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

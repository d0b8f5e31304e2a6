/**
 * Handler dependencies without the lab: a policy, AWS clients the test chooses (a closed port, a
 * scripted peer), an in-memory SQLite baseline, and the real Powertools Logger and Metrics, whose
 * output `captureLambdaOutput` reads.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { SqliteBaselineStore } from '../../functions/engine/baseline/sqlite-store.ts';
import { ApiCallRecorder, type AwsClientOptions, AwsClients } from '../../functions/engine/collectors/aws-clients.ts';
import type { EffectivePolicy } from '../../functions/engine/policy/effective.ts';
import type { HandlerDependencies } from '../../functions/handlers/runtime.ts';

export const standaloneHandlerDeps = (policy: EffectivePolicy, clientOptions: AwsClientOptions = {}): HandlerDependencies => {
  const recorder = new ApiCallRecorder();
  return {
    policy,
    clients: new AwsClients({ credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, ...clientOptions, recorder }),
    recorder,
    store: new SqliteBaselineStore(':memory:'),
    publisher: undefined,
    idempotency: undefined,
    logger: new Logger({ serviceName: 'traffic-privacy-monitor' }),
    metrics: new Metrics({ namespace: 'TrafficPrivacyMonitor', serviceName: 'traffic-privacy-monitor' }),
    namespace: 'TrafficPrivacyMonitor',
    regions: ['us-east-1'],
    outputReserveMs: 0,
  };
};

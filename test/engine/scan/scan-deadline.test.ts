/**
 * runScan under a deadline: a region whose collection was still running when the signal aborted
 * is recorded as not scanned, and none of what it half read is judged (no PASS from a partial
 * read). Regions finished before the deadline keep their findings.
 */
import { describe, expect, it } from 'vitest';
import { check as stateAvailable } from '../../../functions/engine/checks/vpc/vpc_endpoint_state_available.ts';
import { AwsClients } from '../../../functions/engine/collectors/aws-clients.ts';
import type { Collector } from '../../../functions/engine/collectors/collector.ts';
import { runScan } from '../../../functions/engine/scan/scan.ts';
import { endpoint, policy } from '../../support/builders.ts';

/** Answers at once in the fast region; in the slow one, waits until told (or forever). */
const collectorWithSlowRegion = (slowRegion: string, started: () => void): Collector => ({
  name: 'fake-ec2',
  provides: ['vpcEndpoints'],
  reads: {},
  collect: async ({ region, signal }) => {
    if (region === slowRegion) {
      started();
      await new Promise((resolve) => signal?.addEventListener('abort', resolve, { once: true }));
      // A collector that ignores the abort and answers late must not be believed either.
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const item = endpoint({ serviceName: `com.amazonaws.${region}.dynamodb` });
    return { vpcEndpoints: { status: 'ok', items: [{ ...item, region }] } };
  },
});

/** Scans two regions one at a time; the slow one aborts the scan as soon as its read starts. */
const scanWithDeadlineIn = async (regions: string[], slowRegion: string) => {
  const controller = new AbortController();
  const clients = new AwsClients({ credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  try {
    const result = await runScan({
      policy: policy({ scope: { regionConcurrency: 1 } }),
      regions,
      clients,
      account: '111122223333',
      checks: [stateAvailable],
      collectors: [collectorWithSlowRegion(slowRegion, () => controller.abort())],
      signal: controller.signal,
    });
    return {
      coverage: result.coverage.map((region) => [region.region, region.status]),
      findings: result.findings.map((finding) => [finding.region, finding.status]),
    };
  } finally {
    clients.destroy();
  }
};

describe('runScan with a deadline', () => {
  it('records the region cut off mid-read, and every region after it, as not scanned', async () => {
    const result = await scanWithDeadlineIn(['us-east-1', 'eu-west-1'], 'us-east-1');
    expect(result.coverage).toEqual([
      ['eu-west-1', 'not-scanned'],
      ['us-east-1', 'not-scanned'],
    ]);
    expect(result.findings).toEqual([]);
  });

  it('judges the regions read before the deadline', async () => {
    const result = await scanWithDeadlineIn(['eu-west-1', 'us-east-1'], 'us-east-1');
    expect(result.coverage).toEqual([
      ['eu-west-1', 'complete'],
      ['us-east-1', 'not-scanned'],
    ]);
    expect(result.findings).toEqual([['eu-west-1', 'PASS']]);
  });
});

describe('runScan and the policy', () => {
  it('runs no check the policy excludes, and no collector only those checks need', async () => {
    const clients = new AwsClients({ credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    let collected = 0;
    try {
      const result = await runScan({
        policy: policy({ checks: { exclude: ['vpc_endpoint_state_*'] } }),
        regions: ['us-east-1'],
        clients,
        account: '111122223333',
        checks: [stateAvailable],
        collectors: [
          {
            name: 'counting',
            provides: ['vpcEndpoints'],
            reads: {},
            collect: async () => {
              collected++;
              return { vpcEndpoints: { status: 'ok', items: [endpoint()] } };
            },
          },
        ],
      });
      expect(result.checks).toEqual([]);
      expect(result.findings).toEqual([]);
      expect(collected).toBe(0);
    } finally {
      clients.destroy();
    }
  });
});

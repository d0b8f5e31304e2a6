/**
 * The deployment artifact itself: the stack is synthesized (esbuild bundles each handler into one
 * ESM file with the policy beside it), then each bundle is imported and invoked the way the
 * Lambda runtime does, configured only by the environment the stack sets, against the lab's moto.
 * It catches what source-level tests cannot: a broken bundle, a missing policy file, a dependency
 * that needs require() under ESM, an environment variable the stack forgets.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AuthorizeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import { EnableSecurityHubCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { App } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.ts';
import { functionAssets } from '../../infra/assets.ts';
import { LAB_TABLES, localContext, scheduledEvent } from '../../lab/lab-deployment.ts';
import { captureLambdaOutput } from '../../lab/lambda-output.ts';
import { labTargets, retargetEvent } from '../../lab/retarget.ts';
import { useLabDeployment } from '../support/lab.ts';

type LambdaHandler = (event: unknown, context: ReturnType<typeof localContext>) => Promise<Record<string, unknown>>;

const handle = useLabDeployment();
let out = '';
const bundles = new Map<string, string>();
const saved = { ...process.env };

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'tpm-bundle-'));
  // The lab's policy (TLS stand-ins, local CA), minus the areas moto cannot serve without the lab's overlay.
  const policy = JSON.parse(await readFile(handle.lab.policyPath, 'utf8')) as Record<string, unknown>;
  const policyFile = join(out, 'policy.json');
  await writeFile(policyFile, JSON.stringify({ ...policy, checks: { exclude: ['vpn_*', 'directconnect_*', 'fsx_*'] } }));
  const app = await buildApp(new App({ outdir: join(out, 'cdk.out'), context: { 'tpm:policyFile': policyFile } }));
  for (const asset of functionAssets(app.synth(), 'TrafficPrivacyMonitor')) {
    const name = /: (scheduled sweep|re-check|judge callers)/.exec(asset.description)?.[1] ?? asset.logicalId;
    bundles.set(name, asset.dir);
  }
}, 120_000);
afterAll(async () => {
  process.env = saved;
  await rm(out, { recursive: true, force: true });
});

/** Imports a bundle as the runtime would: environment first, then the module, then the call. */
const invoke = async (bundle: string, event: unknown): Promise<Record<string, unknown>> => {
  const dir = bundles.get(bundle) as string;
  process.env = {
    ...saved,
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL: handle.lab.moto.endpoint,
    LAMBDA_TASK_ROOT: dir,
    TPM_POLICY_FILE: 'policy.yaml',
    TPM_BASELINE_TABLE: LAB_TABLES.baseline,
    TPM_IDEMPOTENCY_TABLE: LAB_TABLES.idempotency,
    TPM_ALERT_TOPIC_ARN: handle.deployment.inbox.topicArn,
    TPM_SECURITY_HUB: 'on',
  };
  // A fresh module instance per test, as a fresh container would load it.
  const module = (await import(`${pathToFileURL(join(dir, 'index.mjs')).href}?t=${Date.now()}`)) as { handler: LambdaHandler };
  return module.handler(event, localContext(bundle));
};

describe('the bundled Lambda handlers', () => {
  it('ship one ESM file each, with the policy file beside it', async () => {
    expect([...bundles.keys()].sort()).toEqual(['judge callers', 're-check', 'scheduled sweep']);
    for (const dir of bundles.values()) {
      expect(await readFile(join(dir, 'policy.yaml'), 'utf8')).toContain('"checks"');
      expect((await readFile(join(dir, 'index.mjs'), 'utf8')).length).toBeGreaterThan(100_000);
    }
  });

  it('sweep from the environment alone: findings, alert emails, Security Hub, EMF metrics', async () => {
    await handle.deployment.platform.client(SecurityHubClient, 'us-east-1').send(new EnableSecurityHubCommand({}));
    const output = captureLambdaOutput();
    let result: Record<string, unknown>;
    try {
      result = await invoke('scheduled sweep', scheduledEvent());
    } finally {
      output.restore();
    }
    expect(result).toMatchObject({ status: 'swept', notScanned: [], alerts: { failed: 0 } });
    expect(result.failing).toBeGreaterThanOrEqual(7);
    expect((await handle.deployment.inbox.receive()).map((email) => email.subject)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^\[HIGH\] \d+ new failures in 123456789012\/us-east-1: /)]),
    );
    expect(output.metrics()).toContain('SweepsCompleted {} 1');
    // TPM_SECURITY_HUB=on: the bundle carries the Security Hub client and imports every failure.
    const hub = result.securityHub as { imported: number; failed: number };
    expect(hub.failed).toBe(0);
    expect(hub.imported).toBeGreaterThanOrEqual(result.failing as number);
  });

  it('re-checks a change from a CloudTrail event and sends the regression once', async () => {
    const { deployment, estate } = handle;
    const quietly = async <T>(work: () => Promise<T>): Promise<T> => {
      const output = captureLambdaOutput();
      try {
        return await work();
      } finally {
        output.restore();
      }
    };
    await quietly(() => invoke('scheduled sweep', scheduledEvent()));
    await deployment.inbox.receive();
    await deployment.deps.clients.ec2('us-east-1').send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: estate.prodApp.internalSecurityGroupId,
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
      }),
    );
    const sample = JSON.parse(
      await readFile(new URL('../../events/ec2-authorize-security-group-ingress.json', import.meta.url), 'utf8'),
    ) as unknown;
    const result = await quietly(() => invoke('re-check', retargetEvent(sample, labTargets(estate))));
    expect(result.changes).toEqual([
      `REGRESSION vpc_endpoint_security_group_ingress_restricted us-east-1/${estate.prodApp.fileCacheEndpointId}`,
    ]);
    expect((await deployment.inbox.receive()).map((email) => email.subject)).toEqual([
      '[HIGH] 1 regression in 123456789012/us-east-1: File Cache VPC endpoint admits HTTPS from outside',
    ]);
  });
});

/**
 * The Security Hub export against moto's Security Hub (EnableSecurityHub, BatchImportFindings,
 * GetFindings), over a real SQLite baseline: a first run imports the current failures, a repeat
 * imports nothing, a fix archives exactly that finding, a deletion archives and then forgets its
 * key, a failed import is sent again by the next run and never lost, and every finding is one
 * per (check, resource), whatever the number of runs. Rules asserted are the ASFF reference's
 * (https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-findings-format-syntax.html).
 *
 * moto imports into a hub that is not enabled; AWS returns each finding in FailedFindings with
 * an InvalidAccess error (the BatchImportFindings guide), so that answer is given by an interceptor.
 * moto also applies every update, where Security Hub ignores one whose UpdatedAt is not later than
 * the finding's: the interleavings of overlapping runs are tested against a model of that rule in
 * test/engine/run/export-interleavings.test.ts.
 */
import {
  type AwsSecurityFinding,
  EnableSecurityHubCommand,
  GetFindingsCommand,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteBaselineStore } from '../../functions/engine/baseline/sqlite-store.ts';
import { DEFAULT_TRANSITION_OPTIONS } from '../../functions/engine/baseline/transitions.ts';
import { AwsClients, type CallInterceptor } from '../../functions/engine/collectors/aws-clients.ts';
import { metricsOfRun } from '../../functions/engine/metrics/metrics.ts';
import { trackChanges } from '../../functions/engine/run/track-changes.ts';
import type { ScanResult } from '../../functions/engine/scan/scan.ts';
import { SecurityHubExporter } from '../../functions/engine/securityhub/exporter.ts';
import { at, finding, scanResult } from '../support/baseline.ts';
import { ACCOUNT, REGION } from '../support/builders.ts';
import { useMoto } from '../support/moto.ts';

const moto = useMoto();
let store: SqliteBaselineStore;
let clients: AwsClients;
let imports: number;
let interceptors: CallInterceptor[];

beforeEach(async () => {
  store = new SqliteBaselineStore(':memory:');
  imports = 0;
  interceptors = [];
  clients = new AwsClients({
    ...moto.server.clientOptions,
    interceptors: [
      async (call, proceed) => {
        if (call.operation === 'BatchImportFindings') imports++;
        const [first] = interceptors;
        return first ? first(call, proceed) : proceed();
      },
    ],
  });
  await clients.client(SecurityHubClient, REGION).send(new EnableSecurityHubCommand({}));
});
afterEach(() => {
  store.close();
  clients.destroy();
});

const exporter = () => new SecurityHubExporter((region) => clients.client(SecurityHubClient, region));
const run = (scan: ScanResult) =>
  trackChanges({
    scan,
    store,
    exporter: exporter(),
    options: DEFAULT_TRANSITION_OPTIONS,
    runId: `run-${scan.startedAt}`,
    policySource: 'policy.yaml',
    now: () => new Date(scan.startedAt),
  });
const hubFindings = async (): Promise<AwsSecurityFinding[]> =>
  (await clients.client(SecurityHubClient, REGION).send(new GetFindingsCommand({}))).Findings ?? [];
const byResource = async () => Object.fromEntries((await hubFindings()).map((entry) => [entry.Resources?.[0]?.Id, entry]));
const idOf = (resourceId: string) => `${ACCOUNT}/${REGION}/vpc_endpoint_policy_wildcard_principal_bounded/${resourceId}`;

describe('the Security Hub export', () => {
  it('imports the current failures on a first run, one ASFF finding each, and nothing on a repeat', async () => {
    // Act
    const first = await run(
      scanResult([finding('vpce-ok', 'PASS'), finding('vpce-a', 'FAIL'), finding('vpce-b', 'FAIL')], at(60)),
    );
    const load = store.load.bind(store);
    let loads = 0;
    store.load = (partition) => {
      loads++;
      return load(partition);
    };
    const repeat = await run(
      scanResult([finding('vpce-ok', 'PASS'), finding('vpce-a', 'FAIL'), finding('vpce-b', 'FAIL')], at(120)),
    );
    // Assess
    expect(first.securityHub).toMatchObject({ destination: 'AWS Security Hub', imported: 2, failed: 0, errors: [] });
    expect(repeat.securityHub).toMatchObject({ imported: 0, failed: 0 });
    // A quiet run reads each partition (the region's and the global one) once, to record: nothing is
    // queued, so none is read again to export.
    expect(loads).toBe(2);
    expect(imports).toBe(1);
    const findings = await byResource();
    expect(Object.keys(findings).sort()).toEqual(['vpce-a', 'vpce-b']);
    expect(findings['vpce-a']).toMatchObject({
      SchemaVersion: '2018-10-08',
      Id: idOf('vpce-a'),
      ProductArn: `arn:aws:securityhub:${REGION}:${ACCOUNT}:product/${ACCOUNT}/default`,
      GeneratorId: 'vpc_endpoint_policy_wildcard_principal_bounded',
      AwsAccountId: ACCOUNT,
      Types: ['Software and Configuration Checks/AWS Security Best Practices'],
      Severity: { Label: 'HIGH', Original: 'HIGH' },
      Compliance: { Status: 'FAILED', RelatedRequirements: ['NIST.800-53.r5 AC-4', 'NIST.800-53.r5 SC-7'] },
      RecordState: 'ACTIVE',
      Workflow: { Status: 'NEW' },
      Resources: [{ Type: 'Other', Id: 'vpce-a', Partition: 'aws', Region: REGION }],
    });
    expect(findings['vpce-a']?.Remediation?.Recommendation?.Text).toBeTruthy();
    // The metrics of the run count what was imported.
    const names = metricsOfRun({ scan: scanResult([]), changes: first }).map((datum) => `${datum.name}=${datum.value}`);
    expect(names).toEqual(expect.arrayContaining(['SecurityHubFindingsImported=2', 'SecurityHubImportFailures=0']));
  });

  it('archives exactly the finding that was fixed, as PASSED, and leaves its workflow to the customer', async () => {
    await run(scanResult([finding('vpce-a', 'FAIL'), finding('vpce-b', 'FAIL')], at(60)));
    const fixed = await run(scanResult([finding('vpce-a', 'PASS'), finding('vpce-b', 'FAIL')], at(120)));
    expect(fixed.securityHub).toMatchObject({ imported: 1, failed: 0 });
    const findings = await byResource();
    expect(findings['vpce-a']).toMatchObject({
      Compliance: { Status: 'PASSED' },
      RecordState: 'ARCHIVED',
      Severity: { Label: 'INFORMATIONAL' },
      UpdatedAt: at(120),
      CreatedAt: at(60),
    });
    expect(findings['vpce-b']).toMatchObject({ Compliance: { Status: 'FAILED' }, RecordState: 'ACTIVE', UpdatedAt: at(60) });
    expect(await hubFindings()).toHaveLength(2);
  });

  it('archives a deleted resource and then forgets its key; a suppressed failure starts SUPPRESSED', async () => {
    const suppression = { state: 'active' as const, reason: 'accepted risk', expires: '2099-01-01', resourcePattern: 'vpce-s' };
    await run(scanResult([finding('vpce-gone', 'FAIL'), finding('vpce-s', 'FAIL', { suppression })], at(60)));
    const findings = await byResource();
    expect(findings['vpce-s']).toMatchObject({ Compliance: { Status: 'FAILED' }, Workflow: { Status: 'SUPPRESSED' } });
    const deleted = await run(scanResult([finding('vpce-s', 'FAIL', { suppression })], at(120)));
    expect(deleted.transitions.map((entry) => entry.kind)).toEqual(['RESOLVED_BY_DELETION']);
    expect(deleted.securityHub).toMatchObject({ imported: 1 });
    expect((await byResource())['vpce-gone']).toMatchObject({ Compliance: { Status: 'PASSED' }, RecordState: 'ARCHIVED' });
    const records = (await store.load({ account: ACCOUNT, region: REGION })).records.map((record) => record.resourceId);
    expect(records).not.toContain('vpce-gone');
    // The suppressed one alerts no one when it goes, but its hub finding is archived too.
    const quiet = await run(scanResult([], at(180)));
    expect(quiet.transitions).toEqual([]);
    expect(quiet.securityHub).toMatchObject({ imported: 1 });
    expect((await byResource())['vpce-s']).toMatchObject({ Compliance: { Status: 'PASSED' }, RecordState: 'ARCHIVED' });
    expect((await store.load({ account: ACCOUNT, region: REGION })).records).toEqual([]);
  });

  it('keeps a finding Security Hub refused queued, and imports it on the next run, once', async () => {
    // Prepare: the hub refuses vpce-b once, as it reports per-finding failures in FailedFindings.
    let refusals = 1;
    interceptors.push(async (call, proceed) => {
      const output = (await proceed()) as { FailedFindings?: unknown[]; FailedCount?: number };
      if (call.operation !== 'BatchImportFindings' || refusals-- <= 0) return output;
      return {
        ...output,
        FailedCount: 1,
        FailedFindings: [{ Id: idOf('vpce-b'), ErrorCode: 'Throttled', ErrorMessage: 'slow down' }],
      };
    });
    // Act
    const first = await run(scanResult([finding('vpce-a', 'FAIL'), finding('vpce-b', 'FAIL')], at(60)));
    const second = await run(scanResult([finding('vpce-a', 'FAIL'), finding('vpce-b', 'FAIL')], at(120)));
    const third = await run(scanResult([finding('vpce-a', 'FAIL'), finding('vpce-b', 'FAIL')], at(180)));
    // Assess: counted, explained, sent again with no new transition, then quiet.
    expect(first.securityHub).toMatchObject({ imported: 1, failed: 1, errors: ['1 finding not imported: Throttled: slow down'] });
    expect(second.transitions.filter((entry) => entry.kind !== 'STILL_FAILING')).toEqual([]);
    expect(second.securityHub).toMatchObject({ imported: 1, failed: 0 });
    expect(third.securityHub).toMatchObject({ imported: 0, failed: 0 });
    expect(imports).toBe(2);
  });

  it('imports the failures a baseline already held when the export is switched on later, once', async () => {
    // Prepare: two runs without the export (the baseline settles the failure, no transition is left).
    const without = (scan: ScanResult) =>
      trackChanges({ scan, store, options: DEFAULT_TRANSITION_OPTIONS, runId: `plain-${scan.startedAt}`, policySource: 'p' });
    await without(scanResult([finding('vpce-old', 'FAIL'), finding('vpce-ok', 'PASS')], at(60)));
    await without(scanResult([finding('vpce-old', 'FAIL'), finding('vpce-ok', 'PASS')], at(120)));
    // Act: the export switched on, with nothing changed in the estate.
    const on = await run(scanResult([finding('vpce-old', 'FAIL'), finding('vpce-ok', 'PASS')], at(180)));
    const again = await run(scanResult([finding('vpce-old', 'FAIL'), finding('vpce-ok', 'PASS')], at(240)));
    // Assess: the standing failure is in the hub, once; the passing key needs no finding.
    expect(on.transitions.filter((entry) => entry.kind !== 'STILL_FAILING')).toEqual([]);
    expect(on.securityHub).toMatchObject({ imported: 1, failed: 0 });
    expect(again.securityHub).toMatchObject({ imported: 0 });
    expect(Object.keys(await byResource())).toEqual(['vpce-old']);
  });

  it('says clearly when the hub is not enabled, and loses nothing: the findings go once it is', async () => {
    interceptors.push(async (call, proceed) => {
      if (call.operation !== 'BatchImportFindings') return proceed();
      const findings = (call.input as { Findings: { Id: string }[] }).Findings;
      return {
        FailedCount: findings.length,
        SuccessCount: 0,
        FailedFindings: findings.map((entry) => ({
          Id: entry.Id,
          ErrorCode: 'InvalidAccess',
          ErrorMessage: 'Account 111122223333 is not subscribed to AWS Security Hub',
        })),
      };
    });
    const off = await run(scanResult([finding('vpce-a', 'FAIL')], at(60)));
    expect(off.securityHub?.failed).toBe(1);
    expect(off.securityHub?.errors[0]).toMatch(
      /Security Hub is not enabled in us-east-1 .*enable-security-hub --region us-east-1/,
    );
    interceptors.length = 0;
    const on = await run(scanResult([finding('vpce-a', 'FAIL')], at(120)));
    expect(on.securityHub).toMatchObject({ imported: 1, failed: 0 });
    expect(await hubFindings()).toHaveLength(1);
  });

  it('imports in batches of at most 100 (250 failures: three calls) and each finding stays far under 240 KB', async () => {
    const many = Array.from({ length: 250 }, (_, index) => finding(`vpce-${String(index).padStart(3, '0')}`, 'FAIL'));
    const result = await run(scanResult(many, at(60)));
    expect(result.securityHub).toMatchObject({ imported: 250, failed: 0 });
    expect(imports).toBe(3);
    const sizes = (await hubFindings()).map((entry) => Buffer.byteLength(JSON.stringify(entry)));
    expect(Math.max(...sizes)).toBeLessThan(240 * 1024);
  });
});

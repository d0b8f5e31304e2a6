/**
 * `tpm demo`: the product end to end with no AWS account. On a local AWS (moto) and local TLS
 * servers it scans a seeded estate with planted problems, deploys the Lambda handlers' tables and
 * topic, records a baseline with the scheduled sweep, lets three regressions land and their
 * CloudTrail events reach the change handler, shows the alert email as a subscriber receives it
 * and the metrics as CloudWatch holds them, then fixes everything and shows the recovery. It
 * checks its own story as it goes and exits 1 if any part of it did not happen.
 */

import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { type AwsSecurityFinding, GetFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { describeTransition } from '../../functions/engine/baseline/types.ts';
import { toJsonDocument } from '../../functions/engine/output/json.ts';
import { runScan } from '../../functions/engine/scan/scan.ts';
import { DEMO_CHANGES } from '../../lab/demo-story.ts';
import { readMetrics } from '../../lab/emf-bridge.ts';
import type { ReceivedAlert } from '../../lab/inbox.ts';
import { DEMO_POLICY_PATH, LAB_SERVERS } from '../../lab/lab.ts';
import { invokeOnLab, type LabInvocation, type LabSession, openLabSession, scheduledEvent } from '../../lab/lab-deployment.ts';
import { DEMO_REGION } from '../../lab/seed.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { type Io, useColor } from '../io.ts';
import { parseFormat } from '../output-format.ts';
import { writeReport } from './report.ts';
import { printScan } from './scan.ts';

export { DEMO_POLICY_PATH };

export const DEMO_HELP = `tpm demo — see the monitor work, with no AWS account

Everything runs on 127.0.0.1: a local AWS API (moto_server), and TLS servers standing in for the
DynamoDB, File Cache (FSx) and Pinpoint API endpoints. The demo

  1. seeds an account with planted misconfigurations and scans it (what "tpm scan" shows),
     and writes the scan as an HTML report;
  2. creates what the CDK stack deploys (baseline and idempotency tables, the alert topic with
     an SQS queue subscribed as the "inbox") and runs the scheduled-sweep handler: the baseline;
  3. lets three regressions land: Lustre ports opened to the world and an endpoint policy
     replaced (through the real SDK, their CloudTrail events delivered to the change-recheck
     handler), and a TLS endpoint downgraded (found by the next sweep's live probe);
  4. shows the alert email exactly as a subscriber receives it, and the metrics read back from
     CloudWatch (GetMetricData);
  5. fixes all three and shows the recovery email.

It checks its own story: every planted problem found and nothing else, every regression alerted
exactly once, every fix recovered. Nothing leaves the machine; every process it starts is stopped.

Usage: tpm demo [--format table|json] [--all] [--report <file>] [--keep-running]

Options:
  -f, --format <fmt>   table (default) or json (the story as one document on stdout)
  -a, --all            List passing findings in the scan too
      --report <file>  Where the HTML report goes (default: .tpm/demo-report.html)
      --keep-running   Leave moto running afterwards and print how to explore it; Ctrl-C stops
  -h, --help           This help

Exit codes: 0 the story happened as told; 1 some part did not (the output says which); 6 moto_server missing

The demo policy is ${DEMO_POLICY_PATH}
`;

type Key = { readonly checkId: string; readonly resourceId: string };
const keyOf = (entry: Key) => `${entry.checkId} ${entry.resourceId}`;

/** Alert entries (check and resource) in the messages SNS delivered, from the JSON copy subscribers of SQS get. */
const alertedKeys = (emails: readonly ReceivedAlert[], kind: 'failure' | 'recovery'): string[] =>
  emails.filter((email) => email.payload.kind === kind).flatMap((email) => (email.payload.alerts as Key[]).map(keyOf));

const changesOf = (invocation: LabInvocation): string[] =>
  (invocation.result as { changes?: string[] } | undefined)?.changes ?? [];

/** Every finding in the lab account's Security Hub, every page. */
const hubFindings = async (deployment: LabSession['deployment']): Promise<AwsSecurityFinding[]> => {
  const hub = deployment.platform.client(SecurityHubClient, deployment.region);
  const findings: AwsSecurityFinding[] = [];
  let NextToken: string | undefined;
  do {
    const page = await hub.send(new GetFindingsCommand({ MaxResults: 100, NextToken }));
    findings.push(...(page.Findings ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return findings;
};

export const runDemoCommand = async (args: readonly string[], io: Io): Promise<ExitCode> => {
  const { values } = parseArgs({
    args: [...args],
    options: {
      format: { type: 'string', short: 'f', default: 'table' },
      all: { type: 'boolean', short: 'a', default: false },
      report: { type: 'string', default: '.tpm/demo-report.html' },
      'keep-running': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    io.stdout.write(DEMO_HELP);
    return EXIT.ok;
  }
  const format = parseFormat(values.format, 'demo');
  const started = performance.now();
  const color = useColor(io);
  // Narration goes to stderr, so `tpm demo --format json` still pipes clean JSON.
  const say = (line: string) => io.stderr.write(`${color ? `\u001b[2m${line}\u001b[0m` : line}\n`);
  const show = (text: string) => {
    if (format === 'table') io.stdout.write(`${text}\n`);
  };
  const problems: string[] = [];
  const expect = (ok: boolean, problem: string) => {
    if (!ok) problems.push(problem);
  };

  say('▸ starting a local AWS API (moto_server) and TLS servers on 127.0.0.1 …');
  // The stack as deployed with tpm:securityHub=true: every change is imported into the hub too.
  const session = await openLabSession({ region: DEMO_REGION, securityHub: true });
  const { lab, deployment, estate } = session;
  try {
    say(
      `  moto at ${lab.moto.endpoint}; ${Object.values(LAB_SERVERS)
        .map((server) => server.host)
        .join(', ')} served locally`,
    );

    // 1. What tpm scan shows.
    say('▸ 1/5 the seeded account (two VPCs, endpoints, a VPN, Direct Connect, a File Cache), scanned like `tpm scan` …\n');
    deployment.recorder.reset();
    const scan = await runScan({ policy: lab.policy, regions: [DEMO_REGION], clients: deployment.deps.clients });
    const apiCalls = deployment.recorder.snapshot();
    if (format === 'table') printScan(scan, { format, all: values.all, policy: lab.policy }, io, apiCalls);
    const planted = [...estate.planted, ...lab.plantedTls];
    const failing = new Set(scan.findings.filter((finding) => finding.status === 'FAIL').map(keyOf));
    const detected = planted.filter((item) => failing.has(keyOf(item))).length;
    const accepted = new Set([...planted, ...estate.plantedSuppressed].map(keyOf));
    const unexpected = [...failing].filter((key) => !accepted.has(key));
    show(`\n  planted misconfigurations detected: ${detected}/${planted.length} · unexpected failures: ${unexpected.length}`);
    expect(detected === planted.length, `only ${detected} of ${planted.length} planted misconfigurations were found`);
    expect(unexpected.length === 0, `unexpected failures: ${unexpected.join(', ')}`);
    const document = toJsonDocument(scan, { policy: lab.policy.source, apiCalls });
    const reportPath = resolve(io.cwd, values.report);
    await mkdir(dirname(reportPath), { recursive: true });
    await writeReport(document, reportPath, io);
    show(`  HTML report: ${reportPath}`);

    // 2. The baseline, through the Lambda handler.
    say('\n▸ 2/5 the scheduled-sweep handler records the baseline (DynamoDB) and alerts once (SNS → SQS inbox) …');
    const baseline = await invokeOnLab(deployment, 'scheduled-sweep', scheduledEvent());
    const baselineEmails = await deployment.inbox.receive();
    const baselineResult = baseline.result as { failing?: number; changes?: string[] } | undefined;
    show(
      `\n  sweep: ${baselineResult?.failing ?? '?'} failing, ${baselineResult?.changes?.length ?? 0} new, ${baseline.apiCallTotal} AWS calls, ${baseline.durationMs} ms → ${baselineEmails.length} emails:`,
    );
    for (const email of baselineEmails) show(`    ✉ ${email.subject}`);
    expect(baseline.error === undefined, `the baseline sweep threw: ${String(baseline.error)}`);
    // The same sweep imported every failure into Security Hub: read it back as a compliance team would.
    const hubAtBaseline = await hubFindings(deployment);
    const activeFailed = hubAtBaseline.filter(
      (finding) => finding.RecordState === 'ACTIVE' && finding.Compliance?.Status === 'FAILED',
    );
    show(
      `\n  Security Hub (GetFindings): ${hubAtBaseline.length} findings, ${activeFailed.length} ACTIVE and FAILED, one per failing check and resource, ${activeFailed.filter((finding) => finding.Workflow?.Status === 'SUPPRESSED').length} SUPPRESSED; for example:`,
    );
    const sample = activeFailed.find((finding) => (finding.Compliance?.RelatedRequirements ?? []).length > 0);
    if (sample)
      show(
        `    ${sample.Id}\n      ${sample.Compliance?.Status} · ${sample.Severity?.Label} · ${(sample.Compliance?.RelatedRequirements ?? []).join(', ')}`,
      );
    expect(
      activeFailed.length === failing.size,
      `Security Hub holds ${activeFailed.length} failed findings, the scan ${failing.size} failing keys`,
    );
    expect(
      new Set(hubAtBaseline.map((finding) => finding.Id)).size === hubAtBaseline.length,
      'Security Hub holds a duplicate finding',
    );

    // 3. Regressions land; the change handler and the next sweep see them.
    say('\n▸ 3/5 three changes land; CloudTrail delivers the AWS ones to the change-recheck handler …');
    const expectedKeys = DEMO_CHANGES.flatMap((change) => change.expectedRegressions(session));
    const expected = expectedKeys.map(keyOf);
    // Each regression as the handlers word it, in the one wording of describeTransition.
    const { account, region } = session.estate;
    const regressionLine = new Map(
      expectedKeys.map((key) => [keyOf(key), describeTransition({ kind: 'REGRESSION', key: { account, region, ...key } })]),
    );
    const seenRegressions: string[] = [];
    show('');
    for (const change of DEMO_CHANGES) {
      const { cloudTrailEvent } = await change.regression.run(session);
      show(`  ✎ ${change.regression.what}`);
      if (!cloudTrailEvent) continue;
      const recheck = await invokeOnLab(deployment, 'change-recheck', cloudTrailEvent);
      const result = recheck.result as { eventName?: string; ids?: string[] } | undefined;
      const changes = changesOf(recheck);
      seenRegressions.push(...changes.filter((entry) => entry.startsWith('REGRESSION ')));
      show(
        `    → ${result?.eventName}: re-checked ${result?.ids?.join(', ')} in ${recheck.apiCallTotal} AWS calls, ${recheck.durationMs} ms`,
      );
      for (const entry of changes) show(`      ${entry}`);
    }
    show('    (a TLS configuration is no AWS API call: the next sweep\u2019s live probe finds it)');
    const tick = await invokeOnLab(deployment, 'scheduled-sweep', scheduledEvent());
    const tickChanges = changesOf(tick);
    seenRegressions.push(...tickChanges.filter((entry) => entry.startsWith('REGRESSION ')));
    show(`    → scheduled sweep: ${tick.apiCallTotal} AWS calls, ${tick.durationMs} ms`);
    for (const entry of tickChanges) show(`      ${entry}`);
    const regressionEmails = await deployment.inbox.receive();
    show(`\n  ${regressionEmails.length} alert emails, one per severity and run:`);
    for (const email of regressionEmails) show(`    ✉ ${email.subject}`);
    const worst = regressionEmails[0];
    if (worst) {
      show('\n  The first one, as a subscriber receives it:\n');
      show(`  Subject: ${worst.subject}\n`);
      show(worst.text.replace(/^/gm, '  │ '));
    }
    const alerted = alertedKeys(regressionEmails, 'failure');
    for (const key of expected) {
      expect(seenRegressions.includes(regressionLine.get(key) ?? key), `the regression ${key} was not detected`);
      expect(
        alerted.filter((entry) => entry === key).length === 1,
        `the regression ${key} was alerted ${alerted.filter((entry) => entry === key).length} times, not once`,
      );
    }

    // 4. Metrics, as CloudWatch holds them.
    say('\n▸ 4/5 the metrics, read back from CloudWatch (GetMetricData) …');
    const cloudwatch = deployment.platform.client(CloudWatchClient, deployment.region);
    const window = { start: new Date(Date.now() - 3_600_000), end: new Date(Date.now() + 60_000), periodSeconds: 3600 };
    const readings = await readMetrics(
      cloudwatch,
      deployment.deps.namespace,
      [
        { label: 'Regressions (sum)', name: 'Regressions', stat: 'Sum' },
        { label: 'AlertsPublished (sum)', name: 'AlertsPublished', stat: 'Sum' },
        { label: 'FailingFindings (max)', name: 'FailingFindings', stat: 'Maximum' },
        {
          label: 'LowestAcceptedTlsVersion, DynamoDB (min)',
          name: 'LowestAcceptedTlsVersion',
          dimensions: { MonitoredService: 'dynamodb' },
          stat: 'Minimum',
        },
        {
          label: 'NonForwardSecretSuitesAccepted, DynamoDB (max)',
          name: 'NonForwardSecretSuitesAccepted',
          dimensions: { MonitoredService: 'dynamodb' },
          stat: 'Maximum',
        },
        { label: 'SweepsCompleted (sum)', name: 'SweepsCompleted', stat: 'Sum' },
      ],
      window,
    );
    show('');
    for (const reading of readings)
      show(`  ${reading.label.padEnd(48)} ${reading.values.length ? reading.values.join(', ') : '(no data)'}`);
    const regressionsMetric = readings[0]?.values.reduce((sum, value) => sum + value, 0) ?? 0;
    expect(
      regressionsMetric >= expected.length,
      `CloudWatch holds ${regressionsMetric} regressions, expected at least ${expected.length}`,
    );
    expect((readings[3]?.values ?? []).includes(1), 'CloudWatch does not show the DynamoDB endpoint accepting TLS 1.0');

    // 5. The fix, and the recovery.
    say('\n▸ 5/5 the fix lands; the same path reports the recovery …');
    show('');
    for (const change of DEMO_CHANGES) {
      const { cloudTrailEvent } = await change.fix.run(session);
      show(`  ✎ ${change.fix.what}`);
      if (cloudTrailEvent) {
        const recheck = await invokeOnLab(deployment, 'change-recheck', cloudTrailEvent);
        for (const entry of changesOf(recheck)) show(`      ${entry}`);
      }
    }
    const after = await invokeOnLab(deployment, 'scheduled-sweep', scheduledEvent());
    for (const entry of changesOf(after)) show(`    → scheduled sweep: ${entry}`);
    const recoveryEmails = await deployment.inbox.receive();
    show(`\n  ${recoveryEmails.length} recovery emails:`);
    for (const email of recoveryEmails) show(`    ✉ ${email.subject}`);
    const [firstRecovery] = recoveryEmails;
    if (firstRecovery) show(`\n  Subject: ${firstRecovery.subject}\n\n${firstRecovery.text.replace(/^/gm, '  │ ')}`);
    const hubAfter = await hubFindings(deployment);
    const archived = hubAfter.filter((finding) => finding.RecordState === 'ARCHIVED' && finding.Compliance?.Status === 'PASSED');
    show(
      `\n  Security Hub after the fix: ${archived.length} findings ARCHIVED as PASSED, ${hubAfter.length} in all (updated in place, none added twice)`,
    );
    expect(archived.length >= expected.length, `only ${archived.length} Security Hub findings were archived by the fix`);
    expect(new Set(hubAfter.map((finding) => finding.Id)).size === hubAfter.length, 'Security Hub holds a duplicate finding');
    const recovered = alertedKeys(recoveryEmails, 'recovery');
    for (const key of expected) expect(recovered.includes(key), `the fix of ${key} sent no recovery`);
    expect(alertedKeys(recoveryEmails, 'failure').length === 0, 'the fix raised new failures');

    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    if (format === 'json') {
      io.stdout.write(
        `${JSON.stringify(
          {
            scan: document,
            baseline: { result: baseline.result, emails: baselineEmails.map((email) => email.subject) },
            regressions: {
              expected,
              emails: regressionEmails.map(({ subject, text, attributes }) => ({ subject, text, attributes })),
            },
            metrics: readings,
            securityHub: { atBaseline: hubAtBaseline.length, archivedByTheFix: archived.length, total: hubAfter.length },
            recovery: { emails: recoveryEmails.map(({ subject, text }) => ({ subject, text })) },
            report: reportPath,
            problems,
            seconds: Number(seconds),
          },
          null,
          2,
        )}\n`,
      );
    }
    if (problems.length) {
      say(`\n✗ the demo's story did not hold:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    } else {
      say(
        `\n✓ ${detected}/${planted.length} planted problems found, ${expected.length} regressions alerted once each and recovered, in ${seconds} s`,
      );
    }
    if (values['keep-running']) {
      say(
        `\nThe lab keeps running. In another shell:\n  export AWS_ENDPOINT_URL=${lab.moto.endpoint} AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=${DEMO_REGION}\n  npx tpm scan --config ${lab.policyPath}\nPress Ctrl-C to stop.`,
      );
      await new Promise<void>((resolveWait) => {
        process.once('SIGINT', resolveWait);
        process.once('SIGTERM', resolveWait);
      });
    }
    return problems.length ? EXIT.findings : EXIT.ok;
  } finally {
    await session.dispose();
    say('▸ local AWS and TLS servers stopped.');
  }
};

/** `tpm scan`: the engine, from a laptop or CI, against AWS or any endpoint the SDK is pointed at. */
import { parseArgs } from 'node:util';
import { CHECKS } from '../../functions/engine/checks/registry.ts';
import { ApiCallRecorder, AwsClients } from '../../functions/engine/collectors/aws-clients.ts';
import { BaselineError, DeadlineError } from '../../functions/engine/errors.ts';
import { toJsonDocument } from '../../functions/engine/output/json.ts';
import { toOcsfFindings } from '../../functions/engine/output/ocsf.ts';
import { renderTable } from '../../functions/engine/output/table.ts';
import { renderChanges, toJsonChanges } from '../../functions/engine/output/transitions.ts';
import { type MonitorResult, runMonitor } from '../../functions/engine/run/run.ts';
import type { ChangeTrackingResult } from '../../functions/engine/run/track-changes.ts';
import type { ScanProgress, ScanResult } from '../../functions/engine/scan/scan.ts';
import { displayJson, displayText } from '../../functions/engine/text.ts';
import { EXIT, EXIT_CODE_HELP, type ExitCode } from '../exit-codes.ts';
import { type Io, progressWriter, useColor } from '../io.ts';
import { cliOutputs } from '../outputs.ts';
import { gateExitCode, resolveScanSettings, SCAN_OPTION_HELP, SCAN_OPTION_SPEC, type ScanSettings } from '../scan-options.ts';
import { checksByServiceHelp } from './checks.ts';
import { writeReport } from './report.ts';

export const SCAN_HELP = `tpm scan — prove the estate keeps internetwork traffic private

Reads the estate with read-only Describe/List calls (VPC networking and endpoints; load balancer,
API Gateway and CloudFront TLS policies; Site-to-Site VPN; Direct Connect; File Cache), probes the
services' TLS endpoints live, runs every check, and prints the findings. Failing findings come
first, each with the reason.

Usage: tpm scan [options]

What it checks (${CHECKS.length} checks; "tpm checks <id>" explains one):
${checksByServiceHelp()}

Options:
${SCAN_OPTION_HELP}

Examples:
  tpm scan --region us-east-1 --region eu-west-1
  tpm scan --config policy.yaml --format json > findings.json
  tpm scan --config policy.yaml --fail-on high          # CI gate: fail only on HIGH or CRITICAL
  tpm scan --profile audit --all                         # every finding, passing ones included
  tpm scan --config policy.yaml --report report.html     # and an HTML page to share
  tpm scan --baseline .tpm/baseline.sqlite               # also report what changed since last time
  tpm scan --baseline .tpm/baseline.sqlite --sns-topic arn:aws:sns:us-east-1:111122223333:tpm \\
           --publish-metrics                             # alert once per change, publish metrics
  tpm scan --baseline .tpm/baseline.sqlite --security-hub  # each change into Security Hub (ASFF)
  tpm scan --format ocsf > findings.ocsf.json            # OCSF Compliance Findings for a data lake
  AWS_ENDPOINT_URL=http://127.0.0.1:5000 tpm scan -r us-east-1   # against a local moto server

${EXIT_CODE_HELP}
`;

const progressLine = (event: ScanProgress): string =>
  event.kind === 'region-started'
    ? `  scanning ${event.region} (${event.index + 1}/${event.total})…`
    : `  ${event.region} done: ${event.findings} findings in ${(event.durationMs / 1000).toFixed(1)}s [${event.done}/${event.total}]`;

/** What a run produced besides the findings, for printing. */
export interface RunOutputs {
  readonly changes?: { readonly result: ChangeTrackingResult; readonly baseline: string } | undefined;
  readonly metrics?:
    | { readonly namespace: string; readonly data: number; readonly calls: number; readonly errors: readonly string[] }
    | undefined;
}

/** Prints a finished scan in the chosen format. Shared with the demo. */
export const printScan = (
  result: ScanResult,
  settings: Pick<ScanSettings, 'format' | 'all' | 'policy'>,
  io: Io,
  apiCalls: Record<string, number>,
  outputs: RunOutputs = {},
): void => {
  if (settings.format === 'ocsf') {
    io.stdout.write(`${displayJson(toOcsfFindings(result), 2)}\n`);
    return;
  }
  if (settings.format === 'json') {
    const document = {
      ...toJsonDocument(result, { policy: settings.policy.source, apiCalls }),
      ...(outputs.changes ? { changes: toJsonChanges(outputs.changes.result, outputs.changes.baseline) } : {}),
      ...(outputs.metrics ? { metrics: outputs.metrics } : {}),
    };
    io.stdout.write(`${displayJson(document, 2)}\n`);
    return;
  }
  const options = { all: settings.all, width: io.stdout.columns ?? 120, color: useColor(io) };
  io.stdout.write(renderTable(result, options));
  if (outputs.changes) io.stdout.write(renderChanges(outputs.changes.result, { ...options, baseline: outputs.changes.baseline }));
  if (outputs.metrics) {
    io.stdout.write(
      outputs.metrics.errors.length
        ? `! metrics not published to ${outputs.metrics.namespace}: ${outputs.metrics.errors.join('; ')}\n`
        : `Metrics: ${outputs.metrics.data} published to CloudWatch namespace ${outputs.metrics.namespace} in ${outputs.metrics.calls} call${outputs.metrics.calls === 1 ? '' : 's'}.\n`,
    );
  }
};

/** Regions the deadline kept the scan from: never silently absent from the verdict. */
const regionsNotScanned = (result: ScanResult): string[] =>
  result.coverage.filter((region) => region.status === 'not-scanned').map((region) => region.region);

/**
 * Findings decide the exit code, unless an output failed: then the run did not do its job (7).
 * A region the deadline cut off proves nothing, so it can never end in 0 (9, after a FAIL's 1).
 */
export const runExitCode = (
  result: ScanResult,
  failOn: ScanSettings['failOn'],
  monitor: Pick<MonitorResult, 'changes' | 'outputErrors'>,
): ExitCode => {
  const undelivered = (monitor.changes?.delivery.failed ?? 0) + (monitor.changes?.securityHub?.failed ?? 0);
  if (undelivered > 0 || monitor.outputErrors.length > 0) return EXIT.delivery;
  const gate = gateExitCode(result, failOn);
  return gate !== EXIT.findings && regionsNotScanned(result).length ? EXIT.deadline : gate;
};

/** Time kept back from the scan for the baseline, alerts and metrics, out of the run's deadline. */
const outputReserveMs = (deadlineMs: number): number => Math.min(30_000, Math.floor(deadlineMs / 5));

/**
 * Settles with `work`, or rejects with a DeadlineError at `deadlineMs`. The work is not awaited
 * further: the caller destroys the clients, which fails whatever call is still open.
 */
const beforeDeadline = async <T>(work: Promise<T>, deadlineMs: number): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new DeadlineError(`the run did not finish within its deadline (--deadline ${deadlineMs / 1000}s)`)),
      deadlineMs,
    );
  });
  work.catch(() => undefined); // a late failure after the deadline has nobody left to tell
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
};

export const runScanCommand = async (args: readonly string[], io: Io): Promise<ExitCode> => {
  const { values } = parseArgs({ args: [...args], options: SCAN_OPTION_SPEC, allowPositionals: false, strict: true });
  if (values.help) {
    io.stdout.write(SCAN_HELP);
    return 0;
  }
  const settings = await resolveScanSettings(values, io, 'scan');
  const progress = progressWriter(io, settings.quiet);
  const recorder = new ApiCallRecorder();
  const clients = new AwsClients({ ...io.aws, recorder, ...(settings.profile ? { profile: settings.profile } : {}) });
  const outputs = cliOutputs(settings, clients, io.env.AWS_REGION ?? settings.regions[0] ?? 'us-east-1');
  try {
    progress(`tpm: scanning ${settings.regions.join(', ')} with ${settings.policy.source}`);
    let monitor: MonitorResult;
    try {
      monitor = await beforeDeadline(
        runMonitor({
          scan: {
            policy: settings.policy,
            regions: settings.regions,
            clients,
            signal: AbortSignal.timeout(settings.deadlineMs - outputReserveMs(settings.deadlineMs)),
            onProgress: (event) => progress(progressLine(event)),
          },
          tracking: outputs.tracking,
          emitMetrics: outputs.emitMetrics,
        }),
        settings.deadlineMs,
      );
    } catch (error) {
      if (!(error instanceof BaselineError)) throw error;
      // The scan finished; only the baseline failed. The findings are still the answer: print them.
      printScan(error.scan as ScanResult, settings, io, recorder.snapshot());
      io.stderr.write(`tpm scan: ${displayText(error.message)}; no change was recorded and no alert sent.\n`);
      return EXIT.delivery;
    }
    const apiCalls = recorder.snapshot();
    if (settings.report) {
      const path = await writeReport(
        toJsonDocument(monitor.scan, { policy: settings.policy.source, apiCalls }),
        settings.report,
        io,
      );
      if (!settings.quiet) io.stderr.write(`tpm: report written to ${path}\n`);
    }
    printScan(monitor.scan, settings, io, apiCalls, {
      changes:
        monitor.changes && outputs.tracking ? { result: monitor.changes, baseline: outputs.tracking.store.name } : undefined,
      metrics: settings.metricsNamespace
        ? {
            namespace: settings.metricsNamespace,
            data: monitor.metrics.length,
            calls: outputs.metricCalls(),
            errors: monitor.outputErrors,
          }
        : undefined,
    });
    const cutOff = regionsNotScanned(monitor.scan);
    if (cutOff.length)
      io.stderr.write(
        `tpm scan: the deadline (--deadline ${settings.deadlineMs / 1000}s) came before ${cutOff.join(', ')} ${cutOff.length === 1 ? 'was' : 'were'} scanned; nothing there is proven.\n`,
      );
    return runExitCode(monitor.scan, settings.failOn, monitor);
  } finally {
    await outputs.close();
    clients.destroy();
  }
};

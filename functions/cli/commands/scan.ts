/** `tpm scan`: the engine, from a laptop or CI, against AWS or any endpoint the SDK is pointed at. */
import { parseArgs } from 'node:util';
import { CHECKS } from '../../engine/checks/registry.ts';
import { ApiCallRecorder, AwsClients } from '../../engine/collectors/aws-clients.ts';
import { toJsonDocument } from '../../engine/output/json.ts';
import { renderTable } from '../../engine/output/table.ts';
import { runScan, type ScanProgress, type ScanResult } from '../../engine/scan/scan.ts';
import { EXIT_CODE_HELP, type ExitCode } from '../exit-codes.ts';
import { type Io, progressWriter, useColor } from '../io.ts';
import { gateExitCode, resolveScanSettings, SCAN_OPTION_HELP, SCAN_OPTION_SPEC, type ScanSettings } from '../scan-options.ts';
import { checksByServiceHelp } from './checks.ts';

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
  AWS_ENDPOINT_URL=http://127.0.0.1:5000 tpm scan -r us-east-1   # against a local moto server

${EXIT_CODE_HELP}
`;

const progressLine = (event: ScanProgress): string =>
  event.kind === 'region-started'
    ? `  scanning ${event.region} (${event.index + 1}/${event.total})…`
    : `  ${event.region} done: ${event.findings} findings in ${(event.durationMs / 1000).toFixed(1)}s [${event.done}/${event.total}]`;

/** Prints a finished scan in the chosen format. Shared with the demo. */
export const printScan = (
  result: ScanResult,
  settings: Pick<ScanSettings, 'format' | 'all' | 'policy'>,
  io: Io,
  apiCalls: Record<string, number>,
): void => {
  if (settings.format === 'json') {
    io.stdout.write(`${JSON.stringify(toJsonDocument(result, { policy: settings.policy.source, apiCalls }), null, 2)}\n`);
  } else {
    io.stdout.write(renderTable(result, { all: settings.all, width: io.stdout.columns ?? 120, color: useColor(io) }));
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
  const clients = new AwsClients({ recorder, ...(settings.profile ? { profile: settings.profile } : {}) });
  try {
    progress(`tpm: scanning ${settings.regions.join(', ')} with ${settings.policy.source}`);
    const result = await runScan({
      policy: settings.policy,
      regions: settings.regions,
      clients,
      onProgress: (event) => progress(progressLine(event)),
    });
    printScan(result, settings, io, recorder.snapshot());
    return gateExitCode(result, settings.failOn);
  } finally {
    clients.destroy();
  }
};

/**
 * `tpm demo`: the product end to end with no AWS account. Starts the local lab (moto and TLS
 * servers on 127.0.0.1), seeds an estate with planted misconfigurations through the real SDK,
 * scans it with the embedded demo policy, prints the findings, and stops everything it started.
 */
import { parseArgs } from 'node:util';
import { ApiCallRecorder, AwsClients } from '../../engine/collectors/aws-clients.ts';
import { runScan } from '../../engine/scan/scan.ts';
import type { ExitCode } from '../exit-codes.ts';
import { type Io, useColor } from '../io.ts';
import { DEMO_POLICY_PATH, LAB_SERVERS, startLab } from '../local/lab.ts';
import { MOTO_ACCOUNT } from '../local/moto.ts';
import { DEMO_REGION, seedDemoAccount } from '../local/seed.ts';
import { parseFormat } from '../scan-options.ts';
import { printScan } from './scan.ts';

export { DEMO_POLICY_PATH };

export const DEMO_HELP = `tpm demo — see the monitor work, with no AWS account

Starts a local AWS API (moto_server) and local TLS servers standing in for the DynamoDB, File
Cache (FSx) and Pinpoint API endpoints on 127.0.0.1. It seeds two VPCs with planted
misconfigurations (an over-broad DynamoDB endpoint policy, a subnet that bypasses the gateway
endpoint, a Pinpoint endpoint open to the internet, a foreign account in an endpoint policy, a
missing File Cache API endpoint), plants a legacy TLS configuration on the Pinpoint stand-in
(TLS 1.0 and a static-RSA suite), then scans everything with the embedded demo policy and prints
the findings. Nothing leaves the machine; every process it starts is stopped.

Usage: tpm demo [--format table|json] [--all] [--keep-running]

Options:
  -f, --format <fmt>   table (default) or json
  -a, --all            List passing findings too
      --keep-running   Leave moto running and print the environment to explore it with
                       "tpm scan" or the AWS CLI; stop with Ctrl-C
  -h, --help           This help

The demo policy is ${DEMO_POLICY_PATH}
`;

export const runDemoCommand = async (args: readonly string[], io: Io): Promise<ExitCode> => {
  const { values } = parseArgs({
    args: [...args],
    options: {
      format: { type: 'string', short: 'f', default: 'table' },
      all: { type: 'boolean', short: 'a', default: false },
      'keep-running': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    io.stdout.write(DEMO_HELP);
    return 0;
  }
  const format = parseFormat(values.format, 'demo');
  // Narration goes to stderr so `tpm demo --format json` still pipes clean JSON.
  const say = (line: string) => io.stderr.write(`${useColor(io) ? `\u001b[2m${line}\u001b[0m` : line}\n`);
  say('▸ starting a local AWS API (moto_server) and TLS servers on 127.0.0.1 …');
  const lab = await startLab();
  const recorder = new ApiCallRecorder();
  const clients = new AwsClients({ ...lab.moto.clientOptions, recorder });
  try {
    say(
      `  moto at ${lab.moto.endpoint}; ${Object.values(LAB_SERVERS)
        .map((server) => server.host)
        .join(', ')} served locally`,
    );
    say(
      '▸ seeding account 123456789012: VPCs prod-app and analytics, endpoints, security groups, a Site-to-Site VPN, Direct Connect and a File Cache …',
    );
    const estate = await seedDemoAccount(clients, MOTO_ACCOUNT, DEMO_REGION, lab.aws);
    recorder.reset();
    say('▸ scanning with the demo policy (AWS configuration and live TLS probes) …\n');
    const result = await runScan({ policy: lab.policy, regions: [DEMO_REGION], clients });
    printScan(result, { format, all: values.all, policy: lab.policy }, io, recorder.snapshot());
    const planted = [...estate.planted, ...lab.plantedTls];
    const found = (item: { checkId: string; resourceId: string }) =>
      result.findings.some(
        (finding) => finding.status === 'FAIL' && finding.checkId === item.checkId && finding.resourceId === item.resourceId,
      );
    const detected = planted.filter(found).length;
    const unexpected = result.findings.filter(
      (finding) =>
        finding.status === 'FAIL' &&
        ![...planted, ...estate.plantedSuppressed].some(
          (item) => item.checkId === finding.checkId && item.resourceId === finding.resourceId,
        ),
    ).length;
    say(
      `\n  ${recorder.total} read-only AWS API calls · planted misconfigurations detected: ${detected}/${planted.length} · unexpected failures: ${unexpected}`,
    );
    if (values['keep-running']) {
      say(
        `\nThe lab keeps running. In another shell:\n  export AWS_ENDPOINT_URL=${lab.moto.endpoint} AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=${DEMO_REGION}\n  npx tpm scan --config ${lab.policyPath}\nPress Ctrl-C to stop.`,
      );
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
    }
    return 0;
  } finally {
    clients.destroy();
    await lab.dispose();
    say('▸ local AWS and TLS servers stopped.');
  }
};

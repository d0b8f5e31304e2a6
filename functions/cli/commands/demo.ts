/**
 * `tpm demo`: the product end to end with no AWS account. Starts moto on 127.0.0.1, seeds an
 * estate with planted misconfigurations through the real SDK, scans it with the embedded demo
 * policy, prints the findings, and stops everything it started.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_CATALOG } from '../../engine/catalog.ts';
import { CHECK_IDS } from '../../engine/checks/registry.ts';
import { ApiCallRecorder, AwsClients } from '../../engine/collectors/aws-clients.ts';
import { loadPolicy } from '../../engine/policy/load.ts';
import { runScan } from '../../engine/scan/scan.ts';
import type { ExitCode } from '../exit-codes.ts';
import { type Io, useColor } from '../io.ts';
import { MOTO_ACCOUNT, startMoto } from '../local/moto.ts';
import { DEMO_REGION, seedDemoAccount } from '../local/seed.ts';
import { parseFormat } from '../scan-options.ts';
import { printScan } from './scan.ts';

export const DEMO_POLICY_PATH = fileURLToPath(new URL('../local/demo-policy.yaml', import.meta.url));

export const DEMO_HELP = `tpm demo — see the monitor work, with no AWS account

Starts a local AWS API (moto_server) on 127.0.0.1, seeds two VPCs with planted
misconfigurations (an over-broad DynamoDB endpoint policy, a subnet that bypasses the gateway
endpoint, a Pinpoint endpoint open to the internet, a foreign account in an endpoint policy, a
missing File Cache API endpoint), scans them with the embedded demo policy and prints the
findings. Nothing leaves the machine; every process it starts is stopped.

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
  const policy = await loadPolicy(DEMO_POLICY_PATH, { catalog: DEFAULT_CATALOG, knownCheckIds: CHECK_IDS });

  say('▸ starting a local AWS API (moto_server) on 127.0.0.1 …');
  const moto = await startMoto();
  const recorder = new ApiCallRecorder();
  const clients = new AwsClients({ ...moto.clientOptions, recorder });
  try {
    say(`  ready at ${moto.endpoint}`);
    say('▸ seeding account 123456789012: VPCs prod-app and analytics, endpoints, security groups …');
    const estate = await seedDemoAccount(clients, MOTO_ACCOUNT, DEMO_REGION);
    recorder.reset();
    say('▸ scanning with the demo policy …\n');
    const result = await runScan({ policy, regions: [DEMO_REGION], clients });
    printScan(result, { format, all: values.all, policy }, io, recorder.snapshot());
    const found = (planted: { checkId: string; resourceId: string }) =>
      result.findings.some(
        (finding) =>
          finding.status === 'FAIL' && finding.checkId === planted.checkId && finding.resourceId === planted.resourceId,
      );
    const detected = estate.planted.filter(found).length;
    const unexpected = result.findings.filter(
      (finding) =>
        finding.status === 'FAIL' &&
        ![...estate.planted, ...estate.plantedSuppressed].some(
          (planted) => planted.checkId === finding.checkId && planted.resourceId === finding.resourceId,
        ),
    ).length;
    say(
      `\n  ${recorder.total} read-only AWS API calls · planted misconfigurations detected: ${detected}/${estate.planted.length} · unexpected failures: ${unexpected}`,
    );
    if (values['keep-running']) {
      say(
        `\nmoto keeps running. In another shell:\n  export AWS_ENDPOINT_URL=${moto.endpoint} AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=${DEMO_REGION}\n  npx tpm scan --config ${DEMO_POLICY_PATH}\nPress Ctrl-C to stop.`,
      );
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
    }
    return 0;
  } finally {
    clients.destroy();
    await moto.stop();
    say('▸ local AWS stopped.');
  }
};

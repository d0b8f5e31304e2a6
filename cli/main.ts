/**
 * The `tpm` command line: dispatch, and the one place errors become exit codes and single
 * lines. No stack trace reaches a user unless TPM_DEBUG is set.
 */
import {
  BaselineConflictError,
  BaselineError,
  CollectorError,
  ConfigError,
  CredentialsError,
  DeadlineError,
  DeliveryError,
  describeError,
  EnvironmentError,
  InputError,
  TpmError,
  UnreachableError,
  UsageError,
} from '../functions/engine/errors.ts';
import { displayText } from '../functions/engine/text.ts';
import { TOOL } from '../functions/engine/tool.ts';
import { EXIT, EXIT_CODE_HELP, type ExitCode } from './exit-codes.ts';
import { type Io, processIo } from './io.ts';

type Command = (args: readonly string[], io: Io) => Promise<ExitCode>;

/**
 * Each command is loaded only when it runs: `tpm --help` or `tpm checks` must not pay for the
 * scan engine, the AWS SDK and the lab (issue 15: a CLI that starts in a blink).
 */
const COMMANDS: Readonly<Record<string, { load: () => Promise<Command>; summary: string }>> = {
  scan: {
    load: async () => (await import('./commands/scan.ts')).runScanCommand,
    summary: 'scan an AWS estate (or AWS_ENDPOINT_URL) and print findings',
  },
  probe: {
    load: async () => (await import('./commands/probe.ts')).runProbeCommand,
    summary: 'measure what TLS endpoints really accept (versions, suites, groups, certificate)',
  },
  report: {
    load: async () => (await import('./commands/report.ts')).runReportCommand,
    summary: 'turn a scan (tpm scan --format json) into a self-contained HTML page',
  },
  checks: {
    load: async () => (await import('./commands/checks.ts')).runChecksCommand,
    summary: 'list the checks, or explain one with its IAM permissions',
  },
  validate: {
    load: async () => (await import('./commands/validate.ts')).runValidateCommand,
    summary: 'validate a policy file without calling AWS',
  },
  invoke: {
    load: async () => (await import('./commands/invoke.ts')).runInvokeCommand,
    summary: 'run one Lambda handler locally against moto, with an event from events/',
  },
  demo: {
    load: async () => (await import('./commands/demo.ts')).runDemoCommand,
    summary: 'run the whole product against a local AWS (moto), no account needed',
  },
};

export const MAIN_HELP = `tpm — traffic-privacy-monitor ${TOOL.version}

Continuously proves an AWS estate keeps its internetwork traffic private: VPC endpoints and
their policies, security groups, routing, TLS, VPN, Direct Connect and File Cache ports.

Usage: tpm <command> [options]     (tpm <command> --help for details and examples)

Commands:
${Object.entries(COMMANDS)
  .map(([name, { summary }]) => `  ${name.padEnd(10)}${summary}`)
  .join('\n')}

Start here:
  tpm demo                                # see it work locally, no AWS account needed
  tpm checks                              # what is checked, and why
  tpm scan --region us-east-1             # scan your account (read-only Describe calls)
  tpm scan --config policy.yaml --format json --fail-on high   # in CI

${EXIT_CODE_HELP}
`;

/**
 * Every error class the product raises on purpose, and its exit code: the one mapping. A bare
 * TpmError, or a class missing here, is a bug (70); a meta-test keeps this table complete.
 */
export const EXIT_CODE_OF_ERROR: readonly (readonly [new (...args: never[]) => TpmError, ExitCode])[] = [
  [UsageError, EXIT.usage],
  [ConfigError, EXIT.config],
  [InputError, EXIT.config],
  [CredentialsError, EXIT.credentials],
  [CollectorError, EXIT.incomplete],
  [EnvironmentError, EXIT.environment],
  [BaselineError, EXIT.delivery],
  [BaselineConflictError, EXIT.delivery],
  [DeliveryError, EXIT.delivery],
  [UnreachableError, EXIT.unreachable],
  [DeadlineError, EXIT.deadline],
];

const exitCodeOf = (error: TpmError): ExitCode | undefined => EXIT_CODE_OF_ERROR.find(([type]) => error instanceof type)?.[1];

const isParseArgsError = (error: unknown): boolean => {
  const code = (error as { code?: unknown } | undefined)?.code;
  return error instanceof Error && typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
};

/** Runs the CLI and returns the exit code; never throws. */
export const main = async (argv: readonly string[], io: Io = processIo): Promise<ExitCode> => {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.stdout.write(MAIN_HELP);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '--version' || name === '-V') {
    io.stdout.write(`${TOOL.version}\n`);
    return EXIT.ok;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr.write(`tpm: unknown command "${name}". Commands: ${Object.keys(COMMANDS).join(', ')}. Run "tpm --help".\n`);
    return EXIT.usage;
  }
  try {
    return await (await command.load())(rest, io);
  } catch (error) {
    if (io.env.TPM_DEBUG) io.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
    if (error instanceof UsageError || isParseArgsError(error)) {
      io.stderr.write(`tpm ${name}: ${displayText((error as Error).message).replace(/\.$/, '')}. Run "tpm ${name} --help".\n`);
      return EXIT.usage;
    }
    const exit = error instanceof TpmError ? exitCodeOf(error) : undefined;
    if (error instanceof TpmError && exit !== undefined) {
      io.stderr.write(`tpm ${name}: ${displayText(error.message)}\n`);
      return exit;
    }
    io.stderr.write(
      `tpm ${name}: internal error: ${describeError(error)} (set TPM_DEBUG=1 for a stack trace; please report it)\n`,
    );
    return EXIT.internal;
  }
};

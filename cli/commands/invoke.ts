import { parseArgs } from 'node:util';
import { DeliveryError, describeError, InputError, UsageError } from '../../functions/engine/errors.ts';
import { displayJson, displayText } from '../../functions/engine/text.ts';
import { HANDLERS } from '../../functions/handlers/index.ts';
import { HANDLER_NAMES, type HandlerName } from '../../functions/handlers/runtime.ts';
import { invokeOnLab, openLabSession, scheduledEvent } from '../../lab/lab-deployment.ts';
import { formatEmfValue } from '../../lab/lambda-output.ts';
import { labTargets, retargetEvent } from '../../lab/retarget.ts';
import { DEMO_REGION } from '../../lab/seed.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { type Io, readJsonInput } from '../io.ts';

export const INVOKE_HELP = `tpm invoke — run one Lambda handler locally, against a local AWS (moto)

Starts the local lab (moto and the TLS stand-ins, all on 127.0.0.1), seeds the demo account,
creates what the CDK stack deploys (the baseline and idempotency tables, the alert topic, with an
SQS queue subscribed as the "inbox"), and, for the CloudTrail handlers, records a baseline with
one scheduled sweep first. Then it runs the handler once with your event, through the same
middleware as in Lambda (logger, metrics, idempotency, parser), and prints:

  stdout  the handler's return value, as JSON
  stderr  the AWS calls it made, every alert SNS delivered (as a subscriber receives it), the
          metrics it wrote as EMF, and with --logs its structured log lines

Sample events name example ids (vpce-0a1b…). They are retargeted at the seeded resource of the
same kind, so the call touches something that exists; --keep-ids sends them unchanged (an
unknown endpoint is then a deletion).

Usage: tpm invoke <handler> --event <file.json> [options]

Handlers:
${HANDLER_NAMES.map((name) => `  ${name.padEnd(22)}${HANDLERS[name].summary}`).join('\n')}

Options:
  -e, --event <file>     The EventBridge event, e.g. events/ec2-modify-vpc-endpoint.json
      --no-baseline      Skip the baseline sweep before a CloudTrail handler
      --keep-ids         Deliver the event's resource ids unchanged
      --timeout <ms>     Function timeout the Lambda context reports (default 300000)
      --logs             Also print the handler's log lines (stderr)
  -h, --help             This help

Examples:
  tpm invoke scheduled-sweep --event events/scheduled-sweep.json
  tpm invoke change-recheck --event events/ec2-authorize-security-group-ingress.json
  tpm invoke change-recheck --event events/malformed/missing-event-name.json   # rejected, exit 3
  tpm invoke observed-client-tls --event events/client-tls-pinpoint-legacy-client.json --logs

Exit codes:
  0   the handler finished (re-checked, swept, observed or ignored the event)
  2   bad command line
  3   the event file is missing, not JSON, or was rejected by the handler's schema
  5   the handler threw: Lambda would retry the event, then send it to the dead-letter queue
  6   moto_server is missing
  7   the handler threw because alerts could not be delivered
`;

const isHandlerName = (name: string | undefined): name is HandlerName => HANDLER_NAMES.includes(name as HandlerName);

export const runInvokeCommand = async (args: readonly string[], io: Io): Promise<ExitCode> => {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      event: { type: 'string', short: 'e' },
      'no-baseline': { type: 'boolean', default: false },
      'keep-ids': { type: 'boolean', default: false },
      timeout: { type: 'string', default: '300000' },
      logs: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    io.stdout.write(INVOKE_HELP);
    return EXIT.ok;
  }
  const [name, ...extra] = positionals;
  if (!isHandlerName(name)) {
    throw new UsageError(
      name ? `unknown handler "${name}"; handlers: ${HANDLER_NAMES.join(', ')}` : `name a handler: ${HANDLER_NAMES.join(', ')}`,
    );
  }
  if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
  if (!values.event) throw new UsageError('--event <file.json> is required (see events/ for samples)');
  const timeoutMs = Number(values.timeout);
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1_000 || timeoutMs > 900_000) {
    throw new UsageError('--timeout must be a whole number of milliseconds from 1000 to 900000 (the Lambda maximum)');
  }
  let event: unknown;
  try {
    event = await readJsonInput(values.event, io);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    io.stderr.write(`tpm invoke: ${error.message}\n`);
    return EXIT.config;
  }

  const say = (line: string) => io.stderr.write(`${line}\n`);
  say('▸ starting the local lab (moto and TLS stand-ins on 127.0.0.1) and deploying the stack’s tables and topic …');
  const session = await openLabSession({ region: DEMO_REGION });
  const { deployment, estate } = session;
  try {
    if (name !== 'scheduled-sweep' && !values['no-baseline']) {
      await invokeOnLab(deployment, 'scheduled-sweep', scheduledEvent());
      await deployment.inbox.receive();
    }
    const delivered = values['keep-ids'] ? event : retargetEvent(event, labTargets(estate), estate.account);
    const invocation = await invokeOnLab(deployment, name, delivered, { timeoutMs });
    const alerts = await deployment.inbox.receive();

    if (invocation.result !== undefined) io.stdout.write(`${displayJson(invocation.result, 2)}\n`);
    const calls = Object.entries(invocation.apiCalls);
    say(
      `\n${name}: ${invocation.apiCallTotal} AWS calls reading the estate${calls.length ? ` (${calls.map(([op, n]) => `${op} ×${n}`).join(', ')})` : ''}, ${invocation.durationMs} ms`,
    );
    for (const alert of alerts)
      say(`\n── SNS → email ──────────────────────────────\nSubject: ${alert.subject}\n\n${alert.text}`);
    if (!alerts.length) say('no alert was published');
    if (invocation.metrics.length)
      say(`\nmetrics (EMF):\n${invocation.metrics.map((value) => `  ${formatEmfValue(value)}`).join('\n')}`);
    if (values.logs) for (const line of invocation.logs) say(displayJson(line));
    if (invocation.error !== undefined) {
      say(
        `\nthe handler threw: ${displayText(describeError(invocation.error))}\nLambda would retry this event, then send it to the dead-letter queue.`,
      );
      return invocation.error instanceof DeliveryError ? EXIT.delivery : EXIT.incomplete;
    }
    if ((invocation.result as { status?: unknown } | undefined)?.status === 'rejected') {
      say('\nthe event was rejected as malformed (logged once, counted, not retried)');
      return EXIT.config;
    }
    return EXIT.ok;
  } finally {
    await session.dispose();
  }
};

/** `tpm probe`: what one TLS endpoint really accepts, as a matrix, with the same verdicts a scan gives. */

import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { DEFAULT_CATALOG } from '../../functions/engine/catalog.ts';
import { CHECKS } from '../../functions/engine/checks/registry.ts';
import { mapWithConcurrency } from '../../functions/engine/concurrency.ts';
import { InputError, UsageError } from '../../functions/engine/errors.ts';
import type { TlsReport, TlsTarget } from '../../functions/engine/model/tls.ts';
import { policyFromDocument } from '../../functions/engine/policy/load.ts';
import { evaluateInventory } from '../../functions/engine/scan/evaluate.ts';
import { displayJson, displayText, wrap } from '../../functions/engine/text.ts';
import { type AttemptTrace, probeTarget } from '../../functions/engine/tls/prober.ts';
import { displayTlsVersion, parseTlsVersion, type TlsVersion } from '../../functions/engine/tls-versions.ts';
import { type Finding, RESOURCE_TYPES } from '../../functions/engine/types.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { type Io, progressWriter, readTextInput } from '../io.ts';
import { parseFormat } from '../output-format.ts';

export const PROBE_HELP = `tpm probe — measure what a TLS endpoint really accepts

Offers every protocol version (SSL 3.0 to TLS 1.3) and every cipher suite on the wire, including
ones Node's own TLS cannot offer (3DES, RC4, static DH), enumerates key-exchange groups (with
hybrid post-quantum X25519MLKEM768), checks fallback protection, secure renegotiation and the
certificate, and judges the result with the same TLS checks a scan runs.

Usage: tpm probe <host[:port]>... [options]
       tpm probe --targets <file> [options]

Options:
      --targets <file>     One target per line: host[:port], optionally followed by the h:p to
                           connect to; # starts a comment (like sslscan --targets)
      --concurrency <n>    Targets probed at once (default 4); each target adapts its own sockets
      --connect-to <h:p>   Connect here instead of resolving host (SNI and verification keep host);
                           with one target only (per target: the second column of --targets)
      --ca <file>          Also trust this PEM CA bundle (a private CA)
      --min <version>      Required minimum (default TLSv1.2)
      --timeout <ms>       Per attempt (default 4000)
      --trace              Print every attempt on a timeline (what was offered, how it ended)
  -f, --format <fmt>       table (default) or json: { reports: [{ report, findings }] }, and
                           for a single target also its report and findings at the top level
  -h, --help               This help

Examples:
  tpm probe dynamodb.eu-west-1.amazonaws.com
  tpm probe dynamodb.us-east-1.amazonaws.com pinpoint.us-east-1.amazonaws.com fsx.us-east-1.amazonaws.com
  tpm probe --targets endpoints.txt --format json > tls.json
  tpm probe api.internal.example.com:8443 --ca corp-ca.pem --min TLSv1.3
  tpm probe pinpoint.us-east-1.amazonaws.com --connect-to 127.0.0.1:8443   # a local stand-in

Exit codes (the worst over all targets): 0 every check passes (informational ones aside), 1 a
FAIL, 5 an endpoint could not be measured, 2 bad command line, 3 an unreadable --targets file.
`;

const TLS_CHECKS = CHECKS.filter((check) => check.subject === 'tlsEndpoints');

interface HostPort {
  readonly host: string;
  readonly port: number;
}

/** One target to probe: the name (SNI and verification) and, optionally, where to connect instead. */
interface ListedTarget extends HostPort {
  readonly connectTo?: HostPort;
}

const parseTarget = (text: string): HostPort => {
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d{1,5}))?$/.exec(text);
  if (!match?.[1]) throw new UsageError(`"${text}" is not host or host:port`, 'probe');
  const port = match[2] ? Number(match[2]) : 443;
  if (port < 1 || port > 65535) throw new UsageError(`"${text}": port ${port} is not between 1 and 65535`, 'probe');
  return { host: match[1].replace(/^\[|\]$/g, ''), port };
};

const mark = (state: string): string => (state === 'accepted' ? 'yes' : state === 'refused' ? 'no' : state);

/** The human matrix: versions, suites per version, groups, extras, certificate. */
export const renderProbe = (report: TlsReport, findings: readonly Finding[], width: number): string => {
  const out: string[] = [
    `${report.endpoint}${report.target.connectTo ? ` via ${report.target.connectTo.host}:${report.target.connectTo.port}` : ''} · ${report.handshakes} handshakes · ${report.durationMs} ms · ${report.status}`,
    '',
  ];
  out.push('Protocols');
  for (const probe of report.versions) {
    out.push(
      `  ${displayTlsVersion(probe.version).padEnd(8)} ${mark(probe.state).padEnd(4)}${probe.detail ? ` (${probe.detail})` : ''}`,
    );
  }
  for (const probe of report.versions.filter((candidate) => candidate.suites.length > 0)) {
    const order = probe.serverPreference === true ? 'server order' : probe.serverPreference === false ? 'client order' : '';
    out.push('', `${displayTlsVersion(probe.version)} suites${order ? ` (${order})` : ''}`);
    for (const suite of probe.suites) {
      const notes = [
        suite.forwardSecret && !suite.anonymous ? 'FS' : 'no FS',
        suite.obsolete ? 'OBSOLETE' : '',
        suite.anonymous ? 'ANONYMOUS' : '',
        suite.group ?? '',
        suite.dhBits ? `DH ${suite.dhBits}` : '',
      ].filter(Boolean);
      out.push(`  ${suite.openssl.padEnd(34)} ${notes.join(', ')}`);
    }
  }
  if (report.tls13Groups.length) out.push('', `TLS 1.3 groups: ${report.tls13Groups.map((group) => group.name).join(', ')}`);
  if (report.tls12Groups.length) out.push(`TLS 1.2 groups: ${report.tls12Groups.join(', ')}`);
  if (report.negotiated) {
    out.push(
      `Negotiated by Node: ${report.negotiated.version} ${report.negotiated.cipher}${report.negotiated.group ? ` with ${report.negotiated.group}` : ''}`,
    );
  }
  out.push(`Fallback SCSV: ${report.fallbackScsv} · secure renegotiation: ${report.secureRenegotiation ?? 'n/a'}`);
  const certificate = report.certificate;
  if (certificate) {
    out.push(
      '',
      `Certificate: ${certificate.subject} (issuer ${certificate.issuer})`,
      `  ${certificate.keyType} ${certificate.keyBits ?? '?'} bits · ${certificate.signatureAlgorithm ?? '?'} · valid ${certificate.notBefore.slice(0, 10)} → ${certificate.notAfter.slice(0, 10)}`,
      `  chain: ${certificate.trust.state}${certificate.trust.error ? ` (${certificate.trust.error})` : ''} · hostname: ${certificate.hostnameMatches ? 'matches' : 'MISMATCH'}`,
    );
  }
  for (const error of report.errors) out.push(`! ${error}`);
  out.push('', 'Verdicts');
  for (const finding of findings) {
    const label = finding.status === 'NOT_APPLICABLE' ? 'N/A' : finding.status;
    const [first = '', ...rest] = wrap(`${finding.checkId}: ${finding.message}`, Math.max(60, width - 10));
    out.push(`  ${label.padEnd(6)} ${first}`, ...rest.map((line) => `         ${line}`));
  }
  return `${out.join('\n')}\n`;
};

/** Targets of a --targets file: `host[:port] [connect-host:port]` per line, `#` comments. */
export const parseTargetsFile = (text: string, source: string): ListedTarget[] =>
  text.split(/\r?\n/).flatMap((raw, index) => {
    const line = raw.replace(/#.*$/, '').trim();
    if (!line) return [];
    const [target, connectTo, extra] = line.split(/\s+/);
    const where = `${source} line ${index + 1}`;
    if (extra !== undefined)
      throw new InputError(where, `expected host[:port] and an optional connect-to h:p, got "${displayText(line)}"`);
    try {
      return [{ ...parseTarget(target as string), ...(connectTo ? { connectTo: parseTarget(connectTo) } : {}) }];
    } catch (error) {
      throw new InputError(where, (error as Error).message);
    }
  });

/** Exit code of one target's findings; the command's is the worst of them. */
const exitOf = (findings: readonly Finding[]): ExitCode =>
  findings.some((finding) => finding.status === 'FAIL' && finding.severity !== 'INFO')
    ? EXIT.findings
    : findings.some((finding) => finding.status === 'ERROR')
      ? EXIT.incomplete
      : EXIT.ok;

const EXIT_RANK: readonly ExitCode[] = [EXIT.ok, EXIT.incomplete, EXIT.findings];

/** The TLS checks over one report, exactly as a scan would judge it. */
const judgeReport = (report: TlsReport): Finding[] =>
  evaluateInventory(
    {
      account: 'local',
      region: 'local',
      collections: {
        tlsEndpoints: {
          status: 'ok',
          items: [
            { account: 'local', region: 'local', type: RESOURCE_TYPES.tlsEndpoint, id: report.endpoint, attributes: report },
          ],
        },
      },
    },
    { checks: TLS_CHECKS, policy: probePolicy(), catalog: DEFAULT_CATALOG, now: new Date() },
  );

/** The default policy the verdicts are judged by, built when the first report is judged (not for --help). */
let defaultPolicy: ReturnType<typeof policyFromDocument> | undefined;
const probePolicy = () =>
  (defaultPolicy ??= policyFromDocument({ version: 1 }, 'tpm probe', { catalog: DEFAULT_CATALOG, knownCheckIds: [] }));

export const runProbeCommand = async (args: readonly string[], io: Io): Promise<ExitCode> => {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: {
      targets: { type: 'string' },
      concurrency: { type: 'string', default: '4' },
      'connect-to': { type: 'string' },
      ca: { type: 'string' },
      min: { type: 'string', default: 'TLSv1.2' },
      timeout: { type: 'string', default: '4000' },
      trace: { type: 'boolean', default: false },
      format: { type: 'string', short: 'f', default: 'table' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    io.stdout.write(PROBE_HELP);
    return EXIT.ok;
  }
  const format = parseFormat(values.format, 'probe');
  const minimum: TlsVersion | undefined = parseTlsVersion(values.min ?? '');
  if (!minimum) throw new UsageError(`--min "${values.min}" is not a TLS version such as TLSv1.2`, 'probe');
  const timeoutMs = Number(values.timeout);
  if (!Number.isInteger(timeoutMs) || timeoutMs < 100)
    throw new UsageError('--timeout must be a whole number of milliseconds, at least 100', 'probe');
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64)
    throw new UsageError('--concurrency must be a whole number from 1 to 64', 'probe');
  const listed: ListedTarget[] = positionals.map((text) => parseTarget(text));
  if (values.targets) listed.push(...parseTargetsFile(await readTextInput(values.targets, io), values.targets));
  if (listed.length === 0) throw new UsageError('name at least one host[:port], or --targets <file>', 'probe');
  if (values['connect-to'] && listed.length > 1)
    throw new UsageError('--connect-to applies to one target; with several, give it per line in --targets', 'probe');
  const connectTo = values['connect-to'] ? parseTarget(values['connect-to']) : undefined;
  let caPem: string | undefined;
  if (values.ca) {
    try {
      caPem = await readFile(values.ca, 'utf8');
    } catch (error) {
      throw new UsageError(
        `--ca ${values.ca}: cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
        'probe',
      );
    }
  }
  const targets: TlsTarget[] = listed.map((entry) => ({
    host: entry.host,
    port: entry.port,
    origin: 'declared',
    minimumVersion: minimum,
    ...((entry.connectTo ?? connectTo) ? { connectTo: entry.connectTo ?? connectTo } : {}),
    ...(caPem ? { caPem } : {}),
  }));
  const progress = progressWriter(io, targets.length === 1);
  let done = 0;
  const results = await mapWithConcurrency(targets, concurrency, async (target) => {
    const trace: AttemptTrace[] = [];
    const report = await probeTarget(target, {
      timeoutMs,
      tls12Groups: true,
      ...(values.trace ? { trace: (event: AttemptTrace) => trace.push(event) } : {}),
    });
    progress(
      `  ${++done}/${targets.length} ${report.endpoint}: ${report.status}, ${report.handshakes} handshakes, ${report.durationMs} ms`,
    );
    return { report, findings: judgeReport(report), trace };
  });
  if (values.trace) {
    for (const { report, trace } of results) {
      if (results.length > 1) io.stderr.write(`${report.endpoint}\n`);
      for (const event of trace.sort((a, b) => a.startMs - b.startMs)) {
        io.stderr.write(
          `${event.startMs.toFixed(1).padStart(7)} → ${event.endMs.toFixed(1).padStart(7)} ms  ${event.label.padEnd(44)} ${event.outcome}\n`,
        );
      }
    }
  }
  const reports = results.map(({ report, findings }) => ({ report, findings }));
  if (format === 'json') {
    const [only] = reports;
    io.stdout.write(`${displayJson(reports.length === 1 && only ? { ...only, reports } : { reports }, 2)}\n`);
  } else {
    io.stdout.write(reports.map(({ report, findings }) => renderProbe(report, findings, io.stdout.columns ?? 100)).join('\n'));
  }
  return reports
    .map(({ findings }) => exitOf(findings))
    .reduce((worst, code) => (EXIT_RANK.indexOf(code) > EXIT_RANK.indexOf(worst) ? code : worst), EXIT.ok as ExitCode);
};

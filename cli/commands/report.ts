/**
 * `tpm report`: a scan's JSON document (from `tpm scan --format json`) as a self-contained HTML
 * page. The document is validated first: a file that is not a scan says which field is wrong.
 */

import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError } from '../../functions/engine/errors.ts';
import { renderHtmlReport } from '../../functions/engine/output/html-report.ts';
import { type JsonScanDocument, parseScanDocument } from '../../functions/engine/output/json.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { type Io, readJsonInput } from '../io.ts';

export const REPORT_HELP = `tpm report — a scan as an HTML page a person would rather read than JSON

Reads the document "tpm scan --format json" prints and writes one self-contained HTML file (no
script, nothing loaded from the network): the verdict, posture per service, failing findings
first with evidence and the fix, what could not be checked, the TLS matrix per endpoint, and the
passing findings folded away.

Usage: tpm report <scan.json | -> [--output <file.html>]

Options:
  -o, --output <file>  Where to write the page (default: tpm-report.html)
  -h, --help           This help

Examples:
  tpm scan --config policy.yaml --format json > scan.json && tpm report scan.json -o report.html
  tpm scan --format json | tpm report - -o report.html
  tpm scan --report report.html                       # the same, in one step

Exit codes: 0 written; 2 bad command line; 3 the input is not a tpm scan document
`;

/** Writes the report of a document; returns the absolute path. */
export const writeReport = async (document: JsonScanDocument, output: string, io: Io): Promise<string> => {
  const path = resolve(io.cwd, output);
  await writeFile(path, renderHtmlReport(document));
  return path;
};

export const runReportCommand = async (args: readonly string[], io: Io): Promise<ExitCode> => {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      output: { type: 'string', short: 'o', default: 'tpm-report.html' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    io.stdout.write(REPORT_HELP);
    return EXIT.ok;
  }
  const [input, ...extra] = positionals;
  if (!input) throw new UsageError('name the scan document: tpm report scan.json (or - for stdin)');
  if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
  const document = parseScanDocument(await readJsonInput(input, io), input);
  const path = await writeReport(document, values.output, io);
  io.stderr.write(`report: ${document.findings.length} findings, ${document.tlsEndpoints.length} TLS endpoints → ${path}\n`);
  return EXIT.ok;
};

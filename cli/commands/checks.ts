/** `tpm checks`: what the product checks, why, and what IAM it needs; the catalogue a reviewer reads. */

import { parseArgs } from 'node:util';
import {
  type ControlMappings,
  controlsOf,
  FRAMEWORK_IDS,
  FRAMEWORKS,
  type FrameworkId,
} from '../../functions/engine/checks/frameworks.ts';
import { CHECKS, checkById } from '../../functions/engine/checks/registry.ts';
import { UsageError } from '../../functions/engine/errors.ts';
import { permissionsOf } from '../../functions/engine/scan/permissions.ts';
import { closestMatch, wrap } from '../../functions/engine/text.ts';
import type { ExitCode } from '../exit-codes.ts';
import type { Io } from '../io.ts';
import { parseFormat } from '../output-format.ts';

export const CHECKS_HELP = `tpm checks — list the checks, or explain one

Usage: tpm checks [<check-id>] [--format table|json]
       tpm checks --framework nist-800-53|pci-dss-4.0|aws-security-hub [--format table|json]

Examples:
  tpm checks                                            # id, severity and title of every check
  tpm checks vpc_endpoint_policy_trusted_principals     # rationale, remediation, IAM permissions
  tpm checks --format json | jq '.[].permissions[]' | sort -u   # the IAM actions a scan needs
  tpm checks --framework nist-800-53                    # by control: the clause, and the checks that evidence it
`;

/** A check's mappings as the JSON document and \`tpm checks --format json\` print them. */
export const mappingsAsJson = (mappings: ControlMappings) =>
  mappings === 'none'
    ? []
    : mappings.map((control) => ({ framework: control.framework, control: control.id, title: control.title }));

/** One framework's controls, in id order, each with its clause and the checks mapped to it. */
const byControl = (framework: FrameworkId) => {
  const controls = new Map<string, { control: string; title: string; clause: string; checks: string[] }>();
  for (const check of CHECKS) {
    for (const control of controlsOf(check.frameworks, framework)) {
      const entry = controls.get(control.id) ?? { control: control.id, title: control.title, clause: control.clause, checks: [] };
      entry.checks.push(check.id);
      controls.set(control.id, entry);
    }
  }
  return [...controls.values()].sort((a, b) => a.control.localeCompare(b.control, 'en', { numeric: true }));
};

/**
 * Every check id, grouped by service, for the scan help: a user sees what a scan proves before
 * running it, and new checks appear there the moment the registry imports them.
 */
export const checksByServiceHelp = (width = 96): string => {
  const services = Map.groupBy(CHECKS, (check) => check.service);
  const label = Math.max(...[...services.keys()].map((service) => service.length)) + 2;
  return [...services]
    .flatMap(([service, checks]) =>
      wrap(checks.map((check) => check.id).join(' '), width - label - 2).map(
        (line, index) => `  ${(index === 0 ? service : '').padEnd(label)}${line}`,
      ),
    )
    .join('\n');
};

const metadata = (check: (typeof CHECKS)[number]) => ({
  id: check.id,
  title: check.title,
  service: check.service,
  severity: check.severity,
  resourceType: check.resourceType,
  permissions: permissionsOf(check),
  frameworks: mappingsAsJson(check.frameworks),
  rationale: check.rationale,
  remediation: check.remediation,
  references: check.references,
});

export const runChecksCommand = async (args: readonly string[], io: Io): Promise<ExitCode> => {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: {
      format: { type: 'string', short: 'f', default: 'table' },
      framework: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    io.stdout.write(CHECKS_HELP);
    return 0;
  }
  const format = parseFormat(values.format, 'checks');
  const [id, extra] = positionals;
  if (extra !== undefined) throw new UsageError('tpm checks takes at most one check id', 'checks');
  if (values.framework !== undefined) {
    const framework = values.framework as FrameworkId;
    if (!FRAMEWORK_IDS.includes(framework)) {
      throw new UsageError(`--framework must be one of ${FRAMEWORK_IDS.join(', ')} (got "${values.framework}")`, 'checks');
    }
    if (id !== undefined) throw new UsageError('--framework lists every check by control; leave out the check id', 'checks');
    const controls = byControl(framework);
    if (format === 'json') {
      io.stdout.write(`${JSON.stringify({ framework, name: FRAMEWORKS[framework].name, controls }, null, 2)}\n`);
      return 0;
    }
    const width = Math.max(60, (io.stdout.columns ?? 100) - 4);
    const blocks = controls.map(({ control, title, clause, checks }) =>
      [
        `${control}  ${title}`,
        ...wrap(clause, width - 4).map((line) => `    ${line}`),
        ...checks.map((checkId) => `    · ${checkId}`),
      ].join('\n'),
    );
    const mapped = new Set(controls.flatMap((entry) => entry.checks)).size;
    io.stdout.write(
      `${FRAMEWORKS[framework].name} (${FRAMEWORKS[framework].source})\n\n${blocks.join('\n\n')}\n\n${controls.length} controls, ${mapped} of ${CHECKS.length} checks mapped. A PASS is evidence for the clause in the scanned estate, not a certification.\n`,
    );
    return 0;
  }
  if (id !== undefined) {
    const check = checkById(id);
    if (!check) {
      const suggestion = closestMatch(
        id,
        CHECKS.map((candidate) => candidate.id),
      );
      throw new UsageError(
        `no check "${id}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; run "tpm checks" for the list`,
        'checks',
      );
    }
    if (format === 'json') {
      io.stdout.write(`${JSON.stringify(metadata(check), null, 2)}\n`);
      return 0;
    }
    const width = Math.max(60, (io.stdout.columns ?? 100) - 4);
    const block = (label: string, text: string) => [`${label}:`, ...wrap(text, width).map((line) => `  ${line}`)].join('\n');
    io.stdout.write(
      [
        `${check.id}  [${check.severity}]`,
        check.title,
        '',
        `service: ${check.service}    resource: ${check.resourceType}`,
        block('Why', check.rationale),
        block('Fix', check.remediation),
        `IAM permissions: ${permissionsOf(check).join(', ')}`,
        `Controls: ${
          check.frameworks === 'none'
            ? 'none (no framework clause rests on it)'
            : check.frameworks.map((control) => `${FRAMEWORKS[control.framework].name} ${control.id}`).join('; ')
        }`,
        `References:\n${check.references.map((url) => `  ${url}`).join('\n')}`,
        '',
      ].join('\n'),
    );
    return 0;
  }
  if (format === 'json') {
    io.stdout.write(`${JSON.stringify(CHECKS.map(metadata), null, 2)}\n`);
    return 0;
  }
  const idWidth = Math.max(...CHECKS.map((check) => check.id.length)) + 2;
  const lines = CHECKS.map((check) => `${check.id.padEnd(idWidth)}${check.severity.padEnd(10)}${check.title}`);
  io.stdout.write(
    `${'ID'.padEnd(idWidth)}${'SEVERITY'.padEnd(10)}TITLE\n${lines.join('\n')}\n\n${CHECKS.length} checks. "tpm checks <id>" explains one.\n`,
  );
  return 0;
};

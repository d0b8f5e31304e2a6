/** `--format` for every command: one spelling, one message, and cheap to import. */
import { UsageError } from '../functions/engine/errors.ts';

export type OutputFormat = 'table' | 'json';
/** `tpm scan` also writes OCSF Compliance Findings, for a data lake or SIEM. */
export type ScanOutputFormat = OutputFormat | 'ocsf';

const parseOneOf = <F extends string>(value: string | undefined, command: string, formats: readonly F[]): F => {
  if ((formats as readonly (string | undefined)[]).includes(value)) return value as F;
  const listed = formats.map((format) => `"${format}"`);
  throw new UsageError(`--format must be ${listed.slice(0, -1).join(', ')} or ${listed.at(-1)}, not "${value}"`, command);
};

export const parseFormat = (value: string | undefined, command: string): OutputFormat =>
  parseOneOf(value, command, ['table', 'json'] as const);

export const parseScanFormat = (value: string | undefined, command: string): ScanOutputFormat =>
  parseOneOf(value, command, ['table', 'json', 'ocsf'] as const);

/** `--format` for every command: one spelling, one message, and cheap to import. */
import { UsageError } from '../functions/engine/errors.ts';

export type OutputFormat = 'table' | 'json';

export const parseFormat = (value: string | undefined, command: string): OutputFormat => {
  if (value === 'table' || value === 'json') return value;
  throw new UsageError(`--format must be "table" or "json", not "${value}"`, command);
};

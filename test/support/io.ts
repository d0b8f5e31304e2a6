/** An in-memory Io for running CLI commands in-process and reading what a user would see. */
import type { Io } from '../../cli/io.ts';
import type { AwsClientOptions } from '../../functions/engine/collectors/aws-clients.ts';

export interface CapturedIo extends Io {
  readonly out: () => string;
  readonly err: () => string;
}

export const captureIo = (
  env: Record<string, string | undefined> = {},
  options: { tty?: boolean; aws?: AwsClientOptions } = {},
): CapturedIo => {
  let out = '';
  let err = '';
  return {
    stdout: { write: (text: string) => (out += text), isTTY: options.tty ?? false, columns: 120 },
    stderr: { write: (text: string) => (err += text), isTTY: options.tty ?? false },
    env: { NO_COLOR: '1', ...env },
    cwd: process.cwd(),
    ...(options.aws ? { aws: options.aws } : {}),
    out: () => out,
    err: () => err,
  };
};

/**
 * What a command may touch of the outside world, passed in so tests can run commands
 * in-process and read exactly what a user would see.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { AwsClientOptions } from '../functions/engine/collectors/aws-clients.ts';
import { describeError, InputError } from '../functions/engine/errors.ts';
import { jsonNestingDepth, stripBom } from '../functions/engine/text.ts';

export interface Io {
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean; readonly columns?: number };
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /**
   * Options for the AWS clients a command builds, before its own (profile, recorder). A terminal
   * passes none; tests and the local lab pass an endpoint and the lab's stand-ins.
   */
  readonly aws?: AwsClientOptions;
}

export const processIo: Io = {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
};

/** Colour only for a terminal, and never when NO_COLOR is set (https://no-color.org). */
export const useColor = (io: Io): boolean =>
  io.env.NO_COLOR === undefined && (io.env.FORCE_COLOR !== undefined || io.stdout.isTTY === true);

/** Progress goes to stderr, only on a terminal, so piped JSON stays clean. */
export const progressWriter = (io: Io, quiet: boolean): ((line: string) => void) => {
  if (quiet || io.stderr.isTTY !== true) return () => {};
  return (line) => io.stderr.write(`${line}\n`);
};

/** Deeper than any CloudTrail event or scan document; deeper input is refused before parsing. */
const INPUT_DEPTH_LIMIT = 64;

/** A JSON file a user names (relative to the working directory; `-` is stdin), parsed; the error names the file. */
/** A text file a user names (relative to the working directory; `-` is stdin), without a BOM; the error names the file. */
export const readTextInput = async (path: string, io: Io): Promise<string> => {
  if (path === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return stripBom(Buffer.concat(chunks).toString('utf8'));
  }
  try {
    return stripBom(await readFile(resolve(io.cwd, path), 'utf8'));
  } catch (error) {
    throw new InputError(path, `cannot be read (${describeError(error)})`);
  }
};

export const readJsonInput = async (path: string, io: Io): Promise<unknown> => {
  const body = await readTextInput(path, io);
  if (jsonNestingDepth(body) > INPUT_DEPTH_LIMIT) throw new InputError(path, `is nested deeper than ${INPUT_DEPTH_LIMIT} levels`);
  try {
    return JSON.parse(body);
  } catch (error) {
    throw new InputError(path, `is not JSON (${describeError(error)})`);
  }
};

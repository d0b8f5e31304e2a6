/**
 * Loading the policy file: JSON or YAML in, an {@link EffectivePolicy} or one {@link ConfigError}
 * out that lists every problem with its file and field path. Nothing is half-applied: a bad file
 * fails before any AWS call.
 */
import { readFile } from 'node:fs/promises';
import { dirname, extname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { ServiceCatalog } from '../catalog.ts';
import { ConfigError } from '../errors.ts';
import { jsonNestingDepth, stripBom } from '../text.ts';
import { treeBoundsProblem } from '../tree.ts';
import { formatIssues } from '../zod-issues.ts';
import { type EffectivePolicy, toEffectivePolicy } from './effective.ts';
import { createPolicySchema } from './schema.ts';

/** Bounds on a policy file, far beyond any real one, so a hostile or broken file fails fast and clearly. */
export const POLICY_FILE_LIMITS = { bytes: 1_048_576, depth: 32 } as const;

const parseText = (text: string, source: string): unknown => {
  const isJson = extname(source).toLowerCase() === '.json';
  if (Buffer.byteLength(text) > POLICY_FILE_LIMITS.bytes) {
    throw new ConfigError(source, `the policy file is larger than ${POLICY_FILE_LIMITS.bytes} bytes; no policy needs that much`);
  }
  const body = stripBom(text);
  if (isJson && jsonNestingDepth(body) > POLICY_FILE_LIMITS.depth) {
    throw new ConfigError(source, `the policy file is nested deeper than ${POLICY_FILE_LIMITS.depth} levels`);
  }
  let document: unknown;
  try {
    // yaml's maxAliasCount (100) stops an alias bomb ("billion laughs") before it expands.
    document = isJson ? JSON.parse(body) : parseYaml(body, { prettyErrors: true, uniqueKeys: true, maxAliasCount: 100 });
  } catch (error) {
    // The parser's first line already names the line and column.
    const reason = (error as Error).message.split('\n')[0];
    throw new ConfigError(source, `not valid ${isJson ? 'JSON' : 'YAML'}: ${reason}`, { cause: error });
  }
  // YAML has no brackets to count, so the parsed value is walked (iteratively, as every outside tree is).
  if (treeBoundsProblem(document, { depth: POLICY_FILE_LIMITS.depth, nodes: Number.POSITIVE_INFINITY })) {
    throw new ConfigError(source, `the policy file is nested deeper than ${POLICY_FILE_LIMITS.depth} levels`);
  }
  return document;
};

export interface PolicyLoadOptions {
  readonly catalog: ServiceCatalog;
  /** Ids of every registered check, so suppressions cannot name a check that does not exist. */
  readonly knownCheckIds: readonly string[];
}

/** Validates a parsed document; `source` names it in errors. */
export const policyFromDocument = (raw: unknown, source: string, options: PolicyLoadOptions): EffectivePolicy => {
  const schema = createPolicySchema({ serviceKeys: Object.keys(options.catalog), checkIds: options.knownCheckIds });
  const parsed = schema.safeParse(raw ?? {}, { reportInput: true });
  if (!parsed.success) {
    throw new ConfigError(source, `invalid policy file:\n  - ${formatIssues(parsed.error.issues).join('\n  - ')}`, {
      cause: parsed.error,
    });
  }
  return toEffectivePolicy(parsed.data, options.catalog, source);
};

/** Reads and validates a policy file. Without a path, the built-in defaults apply. */
export const loadPolicy = async (path: string | undefined, options: PolicyLoadOptions): Promise<EffectivePolicy> => {
  if (path === undefined) return policyFromDocument({ version: 1 }, 'built-in defaults', options);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'file not found' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    throw new ConfigError(path, `cannot read policy file: ${reason}`, { cause: error });
  }
  const document = parseText(text, path);
  const policy = policyFromDocument(document, path, options);
  return withTargetCas(policy, dirname(path), document as { tls?: { caFile?: string } });
};

/** Reads a CA bundle named in the policy, relative to the policy file, failing with the field path. */
const readCa = async (policy: EffectivePolicy, baseDir: string, field: string, path: string): Promise<string> => {
  const file = resolve(baseDir, path);
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError(
      policy.source,
      `${field}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      { cause: error },
    );
  }
};

/** Reads every caFile the policy names (global and per target), so a bad path fails before any probe. */
const withTargetCas = async (
  policy: EffectivePolicy,
  baseDir: string,
  document: { tls?: { caFile?: string } },
): Promise<EffectivePolicy> => {
  const globalCa = document.tls?.caFile;
  if (!globalCa && !policy.tls.targets.some((target) => target.caFile)) return policy;
  const caPem = globalCa ? await readCa(policy, baseDir, 'tls.caFile', globalCa) : undefined;
  const targets = await Promise.all(
    policy.tls.targets.map(async (target, index) =>
      target.caFile ? { ...target, caPem: await readCa(policy, baseDir, `tls.targets[${index}].caFile`, target.caFile) } : target,
    ),
  );
  return Object.freeze({ ...policy, tls: { ...policy.tls, targets, caPem } });
};

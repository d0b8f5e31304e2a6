/**
 * What a handler writes, as a Lambda runtime would collect it: Powertools log lines and Embedded
 * Metric Format documents, one JSON document per line on stdout or stderr. Captured in-process so
 * `tpm invoke`, the demo and the handler tests can show (and forward) them instead of
 * interleaving them with the command's own output.
 */

/** One EMF metric value, flattened: its name, its dimensions and the value. */
export interface EmfValue {
  readonly namespace: string;
  readonly name: string;
  readonly unit: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly value: number;
  readonly timestamp: number;
}

interface EmfDirective {
  readonly Namespace: string;
  readonly Dimensions: readonly (readonly string[])[];
  readonly Metrics: readonly { readonly Name: string; readonly Unit?: string }[];
}

/** Every metric value in EMF documents (the specification's `_aws.CloudWatchMetrics` directives). */
export const emfValues = (documents: readonly Record<string, unknown>[]): EmfValue[] =>
  documents
    .filter((document) => typeof document._aws === 'object' && document._aws !== null)
    .flatMap((document) => {
      const meta = document._aws as { Timestamp: number; CloudWatchMetrics: readonly EmfDirective[] };
      return meta.CloudWatchMetrics.flatMap((directive) => {
        const names = directive.Dimensions[0] ?? [];
        const dimensions = Object.fromEntries(names.map((name) => [name, String(document[name])]));
        return directive.Metrics.map((metric) => ({
          namespace: directive.Namespace,
          name: metric.Name,
          unit: metric.Unit ?? 'None',
          dimensions,
          value: Number(document[metric.Name]),
          timestamp: meta.Timestamp,
        }));
      });
    });

/** `Name {"Dim":"value"} 1`: one line per value, for reading and for assertions. */
export const formatEmfValue = (value: EmfValue): string => `${value.name} ${JSON.stringify(value.dimensions)} ${value.value}`;

export interface CapturedOutput {
  /** Every JSON line written so far, in order. */
  documents(): Record<string, unknown>[];
  /** EMF values, formatted by {@link formatEmfValue}. */
  metrics(): string[];
  /** Powertools log lines only. */
  logs(): Record<string, unknown>[];
  /** Anything written that was not a JSON line (a stray console.log). */
  text(): string;
  /** Forgets what was captured so far (keeps capturing). */
  clear(): void;
  restore(): void;
}

/**
 * Redirects process stdout and stderr into memory until `restore()`. Powertools' Logger and
 * Metrics write through a Console bound to those streams, so this sees exactly what CloudWatch
 * Logs would receive.
 */
export const captureLambdaOutput = (): CapturedOutput => {
  let chunks: string[] = [];
  const originals = { stdout: process.stdout.write, stderr: process.stderr.write };
  const record = ((chunk: unknown, ...rest: unknown[]) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
    callback?.();
    return true;
  }) as typeof process.stdout.write;
  process.stdout.write = record;
  process.stderr.write = record;
  const lines = () => chunks.join('').split('\n');
  const documents = () =>
    lines()
      .filter((line) => line.startsWith('{'))
      .flatMap((line) => {
        try {
          return [JSON.parse(line) as Record<string, unknown>];
        } catch {
          return [];
        }
      });
  return {
    documents,
    metrics: () => emfValues(documents()).map(formatEmfValue),
    logs: () => documents().filter((document) => 'level' in document && 'message' in document),
    text: () =>
      lines()
        .filter((line) => line.trim() && !line.startsWith('{'))
        .join('\n'),
    clear: () => {
      chunks = [];
    },
    restore: () => {
      process.stdout.write = originals.stdout;
      process.stderr.write = originals.stderr;
    },
  };
};

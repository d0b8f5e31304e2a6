/**
 * The tools users would reach for instead of `tpm probe`, run side by side with it: sslscan
 * (XML output) and testssl.sh (JSON output), both Debian packages. Used by the agreement test
 * and the TLS benchmark; never at run time.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { EnvironmentError } from '../functions/engine/errors.ts';
import { isForwardSecret, suiteByName } from '../functions/engine/tls/registry.ts';
import { parseTlsVersion, type TlsVersion } from '../functions/engine/tls-versions.ts';

const run = promisify(execFile);

/** What a scanner concluded about one endpoint, in the terms the verdicts compare. */
export interface ReferenceVerdict {
  readonly tool: string;
  readonly durationMs: number;
  readonly versions: readonly TlsVersion[];
  /** Accepted suites by OpenSSL name (IANA for TLS 1.3), per version. */
  readonly suites: Readonly<Partial<Record<TlsVersion, readonly string[]>>>;
  readonly forwardSecretOnly: boolean;
}

const appendTo = (map: Partial<Record<TlsVersion, string[]>>, version: TlsVersion, name: string): void => {
  const list = map[version] ?? [];
  list.push(name);
  map[version] = list;
};

const attribute = (tag: string, name: string): string | undefined => new RegExp(`${name}="([^"]*)"`).exec(tag)?.[1];

/** Parses sslscan's --xml output. */
export const parseSslscanXml = (xml: string): Omit<ReferenceVerdict, 'tool' | 'durationMs'> => {
  const versions: TlsVersion[] = [];
  for (const tag of xml.match(/<protocol [^>]*>/g) ?? []) {
    if (attribute(tag, 'enabled') !== '1') continue;
    const version = parseTlsVersion(
      `${attribute(tag, 'type') === 'ssl' ? 'ssl' : 'tls'}${attribute(tag, 'type') === 'ssl' ? 'v' : ''}${attribute(tag, 'version')}`,
    );
    if (version) versions.push(version);
  }
  const suites: Partial<Record<TlsVersion, string[]>> = {};
  for (const tag of xml.match(/<cipher [^>]*>/g) ?? []) {
    const version = parseTlsVersion(attribute(tag, 'sslversion') ?? '');
    const name = attribute(tag, 'cipher');
    if (!version || !name) continue;
    appendTo(suites, version, name);
  }
  const forwardSecretOnly = Object.values(suites)
    .flat()
    .every((name) => {
      const suite = suiteByName(name as string);
      return suite !== undefined && isForwardSecret(suite);
    });
  return { versions, suites, forwardSecretOnly };
};

const requireTool = async (command: string, hint: string): Promise<void> => {
  try {
    await run('which', [command]);
  } catch {
    throw new EnvironmentError(`${command} is not installed: ${hint}`);
  }
};

/** Runs sslscan against host:port (SNI = host) and parses its verdict. */
export const runSslscan = async (address: string, port: number, sni?: string): Promise<ReferenceVerdict> => {
  await requireTool('sslscan', 'apt-get install sslscan');
  const started = performance.now();
  const { stdout } = await run(
    'sslscan',
    ['--no-colour', '--xml=-', ...(sni ? [`--sni-name=${sni}`] : []), `${address}:${port}`],
    { maxBuffer: 8 * 1024 * 1024 },
  );
  return { tool: 'sslscan', durationMs: Math.round(performance.now() - started), ...parseSslscanXml(stdout) };
};

/** Runs testssl.sh (protocols and per-protocol ciphers only) and reads its JSON. */
export const runTestssl = async (address: string, port: number): Promise<ReferenceVerdict> => {
  await requireTool('testssl', 'apt-get install testssl.sh');
  const dir = await mkdtemp(join(tmpdir(), 'tpm-testssl-'));
  const out = join(dir, 'out.json');
  const started = performance.now();
  try {
    await run('testssl', ['--quiet', '--warnings', 'off', '--color', '0', '-p', '-E', '--jsonfile', out, `${address}:${port}`], {
      maxBuffer: 32 * 1024 * 1024,
      timeout: 600_000,
    }).catch((error: { code?: number }) => {
      // testssl exits non-zero when it finds problems; the JSON is still complete.
      if (typeof error.code !== 'number') throw error;
    });
    const durationMs = Math.round(performance.now() - started);
    const entries = JSON.parse(await readFile(out, 'utf8')) as { id: string; finding: string }[];
    const versionIds: Record<string, TlsVersion> = {
      SSLv3: 'SSLv3',
      TLS1: 'TLSv1',
      TLS1_1: 'TLSv1.1',
      TLS1_2: 'TLSv1.2',
      TLS1_3: 'TLSv1.3',
    };
    const versions = Object.entries(versionIds)
      .filter(([id]) => /^offered/.test(entries.find((entry) => entry.id === id)?.finding ?? ''))
      .map(([, version]) => version);
    const suites: Partial<Record<TlsVersion, string[]>> = {};
    // id: cipher-tls1_2_xc02f; finding: "TLS 1.2   xc02f   ECDHE-RSA-AES128-GCM-SHA256   ECDH 253 …"
    const idVersions: Record<string, TlsVersion> = {
      ssl3: 'SSLv3',
      tls1: 'TLSv1',
      tls1_1: 'TLSv1.1',
      tls1_2: 'TLSv1.2',
      tls1_3: 'TLSv1.3',
    };
    for (const entry of entries) {
      const id = /^cipher-(ssl3|tls1(?:_[123])?)_x[0-9a-f]+$/.exec(entry.id);
      const name = /\bx[0-9a-f]+\s+(\S+)/.exec(entry.finding)?.[1];
      const version = id?.[1] ? idVersions[id[1]] : undefined;
      if (version && name) appendTo(suites, version, name);
    }
    const forwardSecretOnly = Object.values(suites)
      .flat()
      .every((name) => {
        const suite = suiteByName(name as string);
        return suite !== undefined && isForwardSecret(suite);
      });
    return { tool: 'testssl.sh', durationMs, versions, suites, forwardSecretOnly };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};

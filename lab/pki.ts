/**
 * A throwaway certificate authority for local TLS servers (demo, tests, benchmarks), built with
 * the `openssl` command line. `openssl ca` is used for leaf certificates because it accepts
 * explicit start and end dates, which expired and not-yet-valid test certificates need.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { EnvironmentError } from '../functions/engine/errors.ts';

const run = promisify(execFile);

export interface IssuedCertificate {
  readonly keyPem: string;
  readonly certPem: string;
  /** Certificate followed by the CA, as servers send it. */
  readonly chainPem: string;
}

export interface IssueOptions {
  readonly hosts: readonly string[];
  readonly notBefore?: Date;
  readonly notAfter?: Date;
  /** Self-signed instead of issued by the local CA. */
  readonly selfSigned?: boolean;
  readonly keyType?: 'rsa' | 'ec';
  /** RSA modulus size (default 2048); 1024 makes the weak key old appliances still serve. */
  readonly rsaBits?: number;
  /** The CA's signature digest on the leaf (default sha256); sha1 makes a SHA-1 signed chain. */
  readonly digest?: 'sha256' | 'sha1';
}

export interface LocalPki {
  readonly caPem: string;
  /** The CA certificate on disk, for `tls.caFile` in a policy file. */
  readonly caFile: string;
  readonly dir: string;
  issue(options: IssueOptions): Promise<IssuedCertificate>;
  dispose(): Promise<void>;
}

const openssl = async (args: string[], cwd: string): Promise<void> => {
  try {
    await run('openssl', args, { cwd });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new EnvironmentError(
      `openssl ${args[0]} failed: ${stderr.trim().split('\n').slice(-2).join(' / ') || (error as Error).message}`,
      { cause: error },
    );
  }
};

/** `YYYYMMDDHHMMSSZ`, the date format `openssl ca -startdate/-enddate` takes. */
const asn1Time = (date: Date): string => `${date.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;

const sanOf = (hosts: readonly string[]): string =>
  hosts.map((host) => (/^[\d.]+$|:/.test(host) ? `IP:${host}` : `DNS:${host}`)).join(',');

const keyArgs = (type: 'rsa' | 'ec', rsaBits = 2048): string[] =>
  type === 'ec' ? ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'] : ['-newkey', `rsa:${rsaBits}`];

/** Creates a CA in a temporary directory. Call `dispose()` to remove it. */
export const createLocalPki = async (name = 'traffic-privacy-monitor local CA'): Promise<LocalPki> => {
  const dir = await mkdtemp(join(tmpdir(), 'tpm-pki-'));
  await writeFile(join(dir, 'index.txt'), '');
  await writeFile(join(dir, 'serial'), '1000\n');
  await writeFile(
    join(dir, 'ca.cnf'),
    [
      '[ ca ]',
      'default_ca = local',
      '[ local ]',
      `dir = ${dir}`,
      'database = $dir/index.txt',
      'new_certs_dir = $dir',
      'serial = $dir/serial',
      'default_md = sha256',
      'policy = any',
      'copy_extensions = copy',
      'unique_subject = no',
      'email_in_dn = no',
      '[ any ]',
      'commonName = supplied',
      '[ leaf ]',
      'basicConstraints = critical,CA:FALSE',
      'keyUsage = critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage = serverAuth',
    ].join('\n'),
  );
  await openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      '-days',
      '3650',
      '-subj',
      `/CN=${name}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    dir,
  );
  const caPem = await readFile(join(dir, 'ca.pem'), 'utf8');
  let counter = 0;

  const issue = async (options: IssueOptions): Promise<IssuedCertificate> => {
    const id = `leaf${++counter}`;
    const subject = `/CN=${options.hosts[0] ?? 'localhost'}`;
    const san = `subjectAltName=${sanOf(options.hosts)}`;
    if (options.selfSigned) {
      await openssl(
        [
          'req',
          '-x509',
          ...keyArgs(options.keyType ?? 'rsa', options.rsaBits),
          '-nodes',
          '-keyout',
          `${id}.key`,
          '-out',
          `${id}.pem`,
          '-days',
          '365',
          '-subj',
          subject,
          '-addext',
          san,
        ],
        dir,
      );
    } else {
      await openssl(
        [
          'req',
          '-new',
          ...keyArgs(options.keyType ?? 'rsa', options.rsaBits),
          '-nodes',
          '-keyout',
          `${id}.key`,
          '-out',
          `${id}.csr`,
          '-subj',
          subject,
          '-addext',
          san,
        ],
        dir,
      );
      const notBefore = options.notBefore ?? new Date(Date.now() - 3_600_000);
      const notAfter = options.notAfter ?? new Date(Date.now() + 365 * 86_400_000);
      await openssl(
        [
          'ca',
          '-batch',
          '-config',
          'ca.cnf',
          '-extensions',
          'leaf',
          '-md',
          options.digest ?? 'sha256',
          '-cert',
          'ca.pem',
          '-keyfile',
          'ca.key',
          '-in',
          `${id}.csr`,
          '-out',
          `${id}.pem`,
          '-notext',
          '-startdate',
          asn1Time(notBefore),
          '-enddate',
          asn1Time(notAfter),
        ],
        dir,
      );
    }
    const keyPem = await readFile(join(dir, `${id}.key`), 'utf8');
    const certPem = await readFile(join(dir, `${id}.pem`), 'utf8');
    return { keyPem, certPem, chainPem: options.selfSigned ? certPem : `${certPem}${caPem}` };
  };

  return {
    caPem,
    caFile: join(dir, 'ca.pem'),
    dir,
    issue,
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
};

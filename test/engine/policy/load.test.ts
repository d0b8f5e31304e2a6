import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../../../functions/engine/catalog.ts';
import { CHECK_IDS } from '../../../functions/engine/checks/registry.ts';
import { ConfigError } from '../../../functions/engine/errors.ts';
import { isCheckEnabled } from '../../../functions/engine/policy/effective.ts';
import { loadPolicy } from '../../../functions/engine/policy/load.ts';

const options = { catalog: DEFAULT_CATALOG, knownCheckIds: CHECK_IDS };
let dir: string;
const file = async (name: string, text: string) => {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
};
const failure = async (promise: Promise<unknown>): Promise<ConfigError> => {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tpm-policy-'));
});

describe('loadPolicy', () => {
  it('applies defaults without a file: whole catalog, no requirements, TLS 1.2, 30 expiry days', async () => {
    const policy = await loadPolicy(undefined, options);
    expect(policy.source).toBe('built-in defaults');
    expect(policy.monitoredServices).toEqual(['dynamodb', 'filecache', 'pinpoint']);
    expect(policy.requiredEndpoints).toEqual([]);
    expect(policy.minimumTls('dynamodb')).toBe('TLSv1.2');
    expect(policy.certificateExpiryDays).toBe(30);
    expect(policy.vpcScope).toEqual({ excludeIds: [], excludeDefault: false });
    expect(Object.isFrozen(policy)).toBe(true);
  });

  it('reads YAML and JSON with the same meaning', async () => {
    const yaml = await loadPolicy(
      await file(
        'p.yaml',
        'version: 1\nscope:\n  regions: [eu-west-1]\ntls:\n  minimumVersion: "1.3"\n  services:\n    pinpoint: { minimumVersion: TLSv1.2 }\n',
      ),
      options,
    );
    const json = await loadPolicy(
      await file(
        'p.json',
        JSON.stringify({
          version: 1,
          scope: { regions: ['eu-west-1'] },
          tls: { minimumVersion: '1.3', services: { pinpoint: { minimumVersion: 'TLSv1.2' } } },
        }),
      ),
      options,
    );
    for (const policy of [yaml, json]) {
      expect(policy.regions).toEqual(['eu-west-1']);
      expect(policy.minimumTls('dynamodb')).toBe('TLSv1.3');
      expect(policy.minimumTls('pinpoint')).toBe('TLSv1.2');
    }
  });

  it('lists every problem with its field path in one error', async () => {
    const error = await failure(
      loadPolicy(
        await file(
          'bad.yaml',
          [
            'version: 1',
            'scope:',
            '  regions: [us-east-9x]',
            '  vpcz: {}',
            'requiredEndpoints:',
            '  - vpcs: "*"',
            '    services: [dynamodbb]',
            'tls:',
            '  minimumVersion: "1.4"',
            'network:',
            '  allowedCidrs: [10.0.0.0/33]',
          ].join('\n'),
        ),
        options,
      ),
    );
    expect(error.message).toContain(
      'scope.regions[0]: must be an AWS region code such as us-east-1 (one the AWS SDK knows; a newly launched region needs a newer tpm) (got "us-east-9x")',
    );
    expect(error.message).toContain('scope: unknown field "vpcz"');
    expect(error.message).toContain('requiredEndpoints[0].services[0]: unknown service (did you mean "dynamodb"?)');
    expect(error.message).toContain('tls.minimumVersion: must be a TLS version such as TLSv1.2');
    expect(error.message).toContain('network.allowedCidrs[0]: must be a CIDR');
    expect(error.location).toMatch(/bad\.yaml$/);
  });

  it('rejects a suppression naming no check, suggesting the closest id', async () => {
    const error = await failure(
      loadPolicy(
        await file(
          's.yaml',
          'version: 1\nsuppressions:\n  - check: vpc_endpoint_policy_trusted_principal\n    resource: "*"\n    reason: accepted for the pilot\n    expires: 2027-01-01\n',
        ),
        options,
      ),
    );
    expect(error.message).toContain(
      'suppressions[0].check: matches no check (did you mean "vpc_endpoint_policy_trusted_principals"?)',
    );
  });

  it('turns checks off by id or glob, and rejects an exclusion naming no check', async () => {
    const policy = await loadPolicy(
      await file('x.yaml', 'version: 1\nchecks:\n  exclude: ["directconnect_*", vpn_tunnel_logging_enabled]\n'),
      options,
    );
    expect(isCheckEnabled(policy, 'directconnect_connection_link_encrypted')).toBe(false);
    expect(isCheckEnabled(policy, 'vpn_tunnel_logging_enabled')).toBe(false);
    expect(isCheckEnabled(policy, 'vpn_tunnel_ike_v2_only')).toBe(true);
    const error = await failure(loadPolicy(await file('y.yaml', 'version: 1\nchecks:\n  exclude: [directconect_*]\n'), options));
    expect(error.message).toContain('checks.exclude[0]: matches no check');
  });

  it('accepts a suppression whose check is a glob that matches', async () => {
    const policy = await loadPolicy(
      await file(
        'g.yaml',
        'version: 1\nsuppressions:\n  - check: "vpc_endpoint_policy_*"\n    resource: "vpce-1*"\n    reason: accepted for the pilot\n    expires: 2027-01-01\n',
      ),
      options,
    );
    expect(policy.suppressions).toHaveLength(1);
  });

  it('names the line of a YAML syntax error', async () => {
    const error = await failure(loadPolicy(await file('y.yaml', 'version: 1\nscope: [oops\n'), options));
    expect(error.message).toMatch(/not valid YAML: .*line 3, column 1/);
  });

  it('explains JSON syntax errors and missing files', async () => {
    expect((await failure(loadPolicy(await file('j.json', '{"version": 1,'), options))).message).toContain('not valid JSON');
    expect((await failure(loadPolicy(join(dir, 'absent.yaml'), options))).message).toContain(
      'cannot read policy file: file not found',
    );
  });

  it('requires version 1', async () => {
    expect((await failure(loadPolicy(await file('v.yaml', 'scope: {}\n'), options))).message).toContain('version: must be 1');
  });

  it('rejects duplicate YAML keys rather than silently keeping one', async () => {
    expect((await failure(loadPolicy(await file('d.yaml', 'version: 1\nversion: 1\n'), options))).message).toContain(
      'not valid YAML',
    );
  });
});

describe('loadPolicy TLS settings', () => {
  it('reads tls.caFile and target caFiles relative to the policy file, so a bad path fails at load', async () => {
    await writeFile(join(dir, 'ca.pem'), '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    const policy = await loadPolicy(
      await file(
        'tls.yaml',
        'version: 1\ntls:\n  caFile: ca.pem\n  targets:\n    - host: api.example.com\n      caFile: ca.pem\n  connectTo:\n    api.example.com: "127.0.0.1:8443"\n',
      ),
      options,
    );
    expect(policy.tls.caPem).toContain('BEGIN CERTIFICATE');
    expect(policy.tls.targets[0]).toMatchObject({ host: 'api.example.com', port: 443, caPem: expect.stringContaining('BEGIN') });
    expect(policy.tls.connectTo).toEqual({ 'api.example.com': '127.0.0.1:8443' });
    const missing = await failure(
      loadPolicy(
        await file('tls-missing.yaml', 'version: 1\ntls:\n  targets:\n    - host: api.example.com\n      caFile: nope.pem\n'),
        options,
      ),
    );
    expect(missing.message).toMatch(/tls\.targets\[0\]\.caFile: cannot read .*nope\.pem \(ENOENT\)/);
  });

  it('validates probe settings and connectTo addresses', async () => {
    const error = await failure(
      loadPolicy(
        await file(
          'tls-bad.yaml',
          'version: 1\ntls:\n  probe:\n    hostnameKinds: [regional, regionl]\n    timeoutMs: 10\n  connectTo:\n    a.example.com: "nowhere"\n',
        ),
        options,
      ),
    );
    expect(error.message).toContain('tls.probe.hostnameKinds[1]');
    expect(error.message).toContain('tls.probe.timeoutMs');
    expect(error.message).toContain('tls.connectTo.a.example.com: must be host:port');
  });

  it('defaults the VPN and Direct Connect sections to the strict reading of AWS guidance', async () => {
    const policy = await loadPolicy(undefined, options);
    expect(policy.vpn).toEqual({
      allowedEncryption: ['AES256', 'AES128-GCM-16', 'AES256-GCM-16'],
      allowedIntegrity: ['SHA2-256', 'SHA2-384', 'SHA2-512'],
      minimumDhGroup: 14,
      requireLogging: true,
    });
    expect(policy.directConnect).toEqual({
      minimumConnections: 2,
      minimumLocations: 2,
      unencryptedSeverity: 'HIGH',
      vpnProtectedConnections: [],
    });
  });

  it('names each bad VPN or Direct Connect setting by path', async () => {
    const error = await failure(
      loadPolicy(
        await file(
          'onprem-bad.yaml',
          [
            'version: 1',
            'vpn:',
            '  allowedEncryption: [AES256, DES]',
            '  allowedIntegrity: []',
            '  minimumDhGroup: 0',
            'directConnect:',
            '  unencryptedSeverity: URGENT',
            '  vpnProtectedConnections: [vpn-0abc]',
            '  minimumLocations: 2.5',
          ].join('\n'),
        ),
        options,
      ),
    );
    for (const path of [
      'vpn.allowedEncryption[1]',
      'vpn.allowedIntegrity',
      'vpn.minimumDhGroup',
      'directConnect.unencryptedSeverity',
      'directConnect.minimumLocations',
    ]) {
      expect(error.message).toContain(path);
    }
    expect(error.message).toContain('directConnect.vpnProtectedConnections[0]: must be a connection id such as dxcon-fg1234ab');
  });
});

describe('hostile and awkward policy files (issue 17, case 8)', () => {
  it('reads JSON and YAML saved with a UTF-8 byte-order mark', async () => {
    const json = await loadPolicy(
      await file('bom.json', '\uFEFF{"version": 1, "trust": {"accounts": ["111122223333"]}}'),
      options,
    );
    expect([...json.trustedAccounts]).toEqual(['111122223333']);
    const yaml = await loadPolicy(await file('bom.yaml', '\uFEFFversion: 1\n'), options);
    expect(yaml.source).toContain('bom.yaml');
  });

  it('refuses JSON nested 100,000 deep with a config error, not a crash', async () => {
    const deep = `{"version": 1, "x": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const error = await failure(loadPolicy(await file('deep.json', deep), options));
    expect(error.message).toContain('nested deeper than 32 levels');
  });

  it('walks a parsed YAML document for its depth: 33 levels are refused, 32 are read', async () => {
    // YAML has no brackets worth counting (flow and block styles mix), so the parsed value is walked.
    const nested = (levels: number) => `version: 1\nx: ${'['.repeat(levels)}${']'.repeat(levels)}\n`;
    const deep = await failure(loadPolicy(await file('deep.yaml', nested(32)), options));
    expect(deep.message).toContain('the policy file is nested deeper than 32 levels');
    const fits = await failure(loadPolicy(await file('fits.yaml', nested(31)), options));
    expect(fits.message).not.toContain('nested deeper');
    expect(fits.message).toContain('unknown field "x"');
  });

  it('refuses a YAML alias bomb as YAML, naming the alias problem', async () => {
    const bomb = ['version: 1', 'a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let level = 0; level < 9; level++) {
      const name = String.fromCharCode(98 + level);
      const previous = String.fromCharCode(97 + level);
      bomb.push(`${name}: &${name} [${Array(10).fill(`*${previous}`).join(',')}]`);
    }
    const error = await failure(loadPolicy(await file('bomb.yaml', bomb.join('\n')), options));
    expect(error.message).toContain('not valid YAML');
    expect(error.message).toMatch(/alias/i);
  });

  it('refuses a file over 1 MiB (a check glob of a million characters) in one short line', async () => {
    const huge = `version: 1\nchecks:\n  exclude: ["${'*'.repeat(1_100_000)}"]\n`;
    const error = await failure(loadPolicy(await file('huge.yaml', huge), options));
    expect(error.message).toContain('larger than 1048576 bytes');
    expect(error.message.length).toBeLessThan(300);
  });
});

describe('regions the AWS SDK knows (issue 17, case 7)', () => {
  it("refuses scope.regions: [us-east-9], naming the field, and accepts every partition's real regions", async () => {
    const error = await failure(loadPolicy(await file('region.yaml', 'version: 1\nscope:\n  regions: [us-east-9]\n'), options));
    expect(error.message).toContain('scope.regions[0]');
    expect(error.message).toContain('must be an AWS region code');
    const policy = await loadPolicy(
      await file('regions.yaml', 'version: 1\nscope:\n  regions: [us-east-1, eu-west-1, us-gov-west-1, cn-north-1]\n'),
      options,
    );
    expect(policy.regions).toEqual(['us-east-1', 'eu-west-1', 'us-gov-west-1', 'cn-north-1']);
  });
});

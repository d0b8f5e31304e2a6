/**
 * Meta-tests over the collectors, Cloud Custodian style. Every AWS operation is declared once,
 * in collectors/operations.ts, with its IAM action, and what each collector reads per collection
 * in collectors/reads.ts; the deployed roles and each check's permissions derive from those
 * (scan/permissions.ts). These tests hold the declarations to the code: every SDK command a file
 * imports (a `new …Command` or a `paginate…` helper) is declared for that file with the right
 * IAM prefix (a collector's in its reads entry, the VPC lookup's in LOCATOR_READS, any other
 * file's by naming the operation), every declared read is a call the file makes, and every call
 * ends up in the scanning role. An undeclared call would be an AccessDenied in production.
 */
import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../../functions/engine/checks/registry.ts';
import * as OPERATIONS from '../../../functions/engine/collectors/operations.ts';
import { FANOUT_PERMISSIONS } from '../../../functions/engine/collectors/organization.ts';
import { COLLECTOR_READS, LOCATOR_READS } from '../../../functions/engine/collectors/reads.ts';
import { DEFAULT_COLLECTORS } from '../../../functions/engine/collectors/registry.ts';
import type { AwsOperation } from '../../../functions/engine/iam-actions.ts';
import { permissionsOf, SCAN_PERMISSIONS } from '../../../functions/engine/scan/permissions.ts';

const COLLECTORS_DIR = new URL('../../../functions/engine/collectors/', import.meta.url);

/** SDK package → IAM service prefix (AWS's Service Authorization Reference). */
const IAM_PREFIX: Record<string, string> = {
  'client-ec2': 'ec2',
  'client-elastic-load-balancing-v2': 'elasticloadbalancing',
  'client-direct-connect': 'directconnect',
  'client-fsx': 'fsx',
  'client-cloudfront': 'cloudfront',
  'client-api-gateway': 'apigateway',
  'client-apigatewayv2': 'apigateway',
  'client-organizations': 'organizations',
  'client-sts': 'sts',
};
/** Calls that need no grant: anyone may ask who they are. */
const NO_GRANT = new Set([OPERATIONS.GET_CALLER_IDENTITY.action]);
const DECLARED = Object.entries(OPERATIONS) as [string, AwsOperation][];

/** The SDK operations a source file imports, with the IAM prefix of their package. */
const sdkOperationsIn = (text: string): { prefix: string; operation: string }[] =>
  [...text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'@aws-sdk\/([a-z0-9-]+)'/g)].flatMap(([, names, pkg]) =>
    (names ?? '').split(',').flatMap((entry) => {
      const [original] = entry
        .trim()
        .replace(/^type\s+/, '')
        .split(/\s+as\s+/);
      const operation = /^paginate(\w+)$/.exec(original ?? '')?.[1] ?? /^(\w+)Command$/.exec(original ?? '')?.[1];
      return operation ? [{ prefix: IAM_PREFIX[pkg ?? ''] ?? `unknown package ${pkg}`, operation }] : [];
    }),
  );

/** What is declared for a file: a collector's reads entry, the lookup's table, or the operations it names. */
const declaredFor = (name: string, text: string): AwsOperation[] => {
  const module = name.replace(/\.ts$/, '');
  if (module in COLLECTOR_READS) return Object.values(COLLECTOR_READS[module as keyof typeof COLLECTOR_READS]).flat();
  if (module === 'vpc-locator') return Object.values(LOCATOR_READS);
  return DECLARED.filter(([constant]) => new RegExp(`\\b${constant}\\b`).test(text)).map(([, op]) => op);
};

/** Per collector file: the SDK operations it imports and the operations declared for it. */
const collectorFiles = async () =>
  Promise.all(
    (await readdir(COLLECTORS_DIR))
      .filter((name) => name.endsWith('.ts') && name !== 'operations.ts' && name !== 'reads.ts')
      .map(async (name) => {
        const text = await readFile(new URL(name, COLLECTORS_DIR), 'utf8');
        const imports = [...text.matchAll(/from '\.\/([a-z0-9-]+\.ts)'/g)].map((match) => match[1] as string);
        return { name, calls: sdkOperationsIn(text), named: declaredFor(name, text), imports };
      }),
  );

describe('collector permissions', () => {
  it('finds the SDK operations the estate readers call', async () => {
    const calls = (await collectorFiles()).flatMap((file) => file.calls.map((call) => `${call.prefix}:${call.operation}`));
    // A smoke check on the scanner itself: it must see the calls we know are there.
    expect(calls).toEqual(
      expect.arrayContaining(['ec2:DescribeVpcEndpoints', 'fsx:DescribeFileCaches', 'apigateway:GetDomainNames']),
    );
  });

  it('holds every SDK call to an operation declared for the same file, with the right IAM prefix', async () => {
    const undeclared = (await collectorFiles()).flatMap(({ name, calls, named }) =>
      calls
        .filter((call) => !named.some((op) => op.service === call.prefix && op.operation === call.operation))
        .map((call) => `${name}: ${call.prefix}:${call.operation}`),
    );
    expect(undeclared).toEqual([]);
  });

  it('gives every collector its reads entry (by its name, its file name), covering what it provides, each read a call it makes', async () => {
    const files = await collectorFiles();
    expect(DEFAULT_COLLECTORS.map((collector) => collector.name).sort()).toEqual(Object.keys(COLLECTOR_READS).sort());
    for (const collector of DEFAULT_COLLECTORS) {
      expect(collector.reads).toBe(COLLECTOR_READS[collector.name as keyof typeof COLLECTOR_READS]);
      expect(Object.keys(collector.reads).sort(), collector.name).toEqual([...collector.provides].sort());
      // Its own calls, and those of the collector helpers it imports (ec2-egress lists VPCs through ec2-network).
      const own = files.find((file) => file.name === `${collector.name}.ts`);
      const calls = files.filter((file) => file === own || own?.imports.includes(file.name)).flatMap((file) => file.calls);
      for (const op of Object.values(collector.reads).flat()) {
        expect(
          calls.some((call) => call.prefix === op.service && call.operation === op.operation),
          `${collector.name} claims ${op.action} but does not call it`,
        ).toBe(true);
      }
    }
  });

  it('puts every call in the scanning role (or the fan-out roles), and derives each check\u2019s permissions from its collections', async () => {
    const granted = new Set([...SCAN_PERMISSIONS, ...FANOUT_PERMISSIONS.planner, ...FANOUT_PERMISSIONS.unit]);
    const missing = (await collectorFiles())
      .flatMap((file) => file.named)
      .filter((op) => !NO_GRANT.has(op.action) && !granted.has(op.action))
      .map((op) => op.action);
    expect(missing).toEqual([]);
    // Spot checks against what the IAM Service Authorization Reference says each read needs.
    const byId = (id: string) => {
      const check = CHECKS.find((candidate) => candidate.id === id);
      if (!check) throw new Error(`no check ${id}`);
      return permissionsOf(check);
    };
    expect(byId('vpc_endpoint_policy_trusted_principals')).toEqual([
      'ec2:DescribeVpcEndpoints',
      'ec2:DescribeVpcs',
      'organizations:DescribeOrganization',
    ]);
    expect(byId('elbv2_listener_tls_policy_minimum_version')).toEqual([
      'elasticloadbalancing:DescribeListeners',
      'elasticloadbalancing:DescribeLoadBalancers',
      'elasticloadbalancing:DescribeSSLPolicies',
    ]);
    expect(byId('fsx_file_cache_lustre_ports_restricted')).toEqual(
      expect.arrayContaining(['fsx:DescribeFileCaches', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeSecurityGroups']),
    );
  });

  it('derives the role the product has always deployed: these 20 read-only actions, no more', () => {
    // Pinned by hand, so a change to a collector's reads shows up here as a change to the role.
    expect(SCAN_PERMISSIONS).toEqual([
      'apigateway:GET',
      'cloudfront:GetDistribution',
      'cloudfront:ListDistributions',
      'directconnect:DescribeConnections',
      'directconnect:DescribeDirectConnectGatewayAssociations',
      'directconnect:DescribeVirtualInterfaces',
      'ec2:DescribeNatGateways',
      'ec2:DescribeNetworkInterfaces',
      'ec2:DescribeRouteTables',
      'ec2:DescribeSecurityGroups',
      'ec2:DescribeSubnets',
      'ec2:DescribeVpcEndpoints',
      'ec2:DescribeVpcs',
      'ec2:DescribeVpnConnections',
      'ec2:GetManagedPrefixListEntries',
      'elasticloadbalancing:DescribeListeners',
      'elasticloadbalancing:DescribeLoadBalancers',
      'elasticloadbalancing:DescribeSSLPolicies',
      'fsx:DescribeFileCaches',
      'organizations:DescribeOrganization',
    ]);
  });

  it('declares nothing that is not read-only', () => {
    for (const action of SCAN_PERMISSIONS) expect(action).toMatch(/^[a-z0-9-]+:(Describe|Get|List)[A-Za-z]*$|^apigateway:GET$/);
  });

  it('finds AWS reads only in collectors: judgement (checks, changes, scan, monitor) imports no AWS client', async () => {
    // Writers of the run's outputs (baseline stores, SNS, CloudWatch, the unit ledger) call AWS too;
    // every read of the estate, the re-check's VPC lookup and the caller identity included, is a collector.
    const root = new URL('../../../functions/engine/', import.meta.url);
    const OUTPUT_WRITERS = new Set([
      'alerts/publisher.ts',
      'baseline/dynamodb-store.ts',
      'fanout/unit-ledger.ts',
      'metrics/sinks.ts',
      'securityhub/exporter.ts',
    ]);
    const offenders: string[] = [];
    for (const file of await readdir(root, { recursive: true })) {
      if (!file.endsWith('.ts') || file.startsWith('collectors/') || OUTPUT_WRITERS.has(file)) continue;
      // A type-only import (the ASFF shape from the Security Hub client) is erased: no client is loaded.
      if (/^import (?!type )[^;]*from '@aws-sdk\/client-/m.test(await readFile(new URL(file, root), 'utf8')))
        offenders.push(file);
    }
    expect(offenders).toEqual([]);
  });

  it('keeps checks pure: no check module imports a collector or the AWS SDK, even for a constant', async () => {
    const root = new URL('../../../functions/engine/checks/', import.meta.url);
    const offenders: string[] = [];
    for (const file of await readdir(root, { recursive: true })) {
      if (!file.endsWith('.ts')) continue;
      const text = await readFile(new URL(file, root), 'utf8');
      if (/from '(\.\.\/)+collectors\/|from '@aws-sdk\//.test(text)) offenders.push(file);
    }
    expect(offenders).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { check } from '../../../../functions/engine/checks/fsx/fsx_file_cache_lustre_ports_restricted.ts';
import type { IngressRule } from '../../../../functions/engine/model/network.ts';
import {
  failedCollection,
  fileCache,
  inventory,
  lustreFrom,
  only,
  policy,
  runCheck,
  securityGroup,
  tcpFrom,
  vpc,
} from '../../../support/builders.ts';

// The cache's VPC is 10.0.0.0/16 (the builders' default VPC).
const evaluate = (
  ingress: IngressRule[],
  extra: { groups?: ReturnType<typeof securityGroup>[]; pol?: ReturnType<typeof policy> } = {},
) =>
  only(
    runCheck(
      check,
      inventory({
        vpcs: [vpc(), vpc({ vpcId: 'vpc-peer', cidrBlocks: ['172.31.0.0/16'] })],
        securityGroups: [securityGroup('sg-lustre', ingress), ...(extra.groups ?? [])],
        fileCaches: [fileCache()],
      }),
      extra.pol,
    ),
    'fc-00000001',
  );
const fromGroup = (groupId: string, fromPort: number, toPort = fromPort): IngressRule => ({
  protocol: 'tcp',
  fromPort,
  toPort,
  source: { kind: 'securityGroup', groupId, ownerId: undefined, vpcId: undefined },
  description: undefined,
});

describe('fsx_file_cache_lustre_ports_restricted', () => {
  it('passes Lustre from the VPC only', () => {
    const finding = evaluate(lustreFrom('10.0.0.0/16'));
    expect(finding.status).toBe('PASS');
    expect(finding.evidence.lustrePorts).toEqual(['988', '1018-1023']);
  });

  it('fails 988 open to the world as CRITICAL, naming group, port and source', () => {
    const finding = evaluate([tcpFrom('0.0.0.0/0', 988), tcpFrom('10.0.0.0/16', 1018, 1023)]);
    expect(finding).toMatchObject({ status: 'FAIL', severity: 'CRITICAL' });
    expect(finding.message).toBe(
      'File Cache fc-00000001 security group sg-lustre admits Lustre port 988 from 0.0.0.0/0: 0.0.0.0/0 is the whole internet.',
    );
    expect(finding.remediation).toContain('revoke-security-group-ingress');
  });

  it('fails IPv6 ::/0 on the 1018–1023 range, and an all-traffic rule', () => {
    expect(evaluate([tcpFrom('::/0', 1020, 1020)]).severity).toBe('CRITICAL');
    const allTraffic: IngressRule = { ...tcpFrom('0.0.0.0/0', 0, 65535), protocol: '-1' };
    expect(evaluate([allTraffic]).status).toBe('FAIL');
  });

  it('fails a CIDR outside the VPC and the allowed on-premises ranges at HIGH, passes one inside them', () => {
    const onPrem = lustreFrom('192.168.10.0/24');
    expect(evaluate(onPrem)).toMatchObject({ status: 'FAIL', severity: 'HIGH' });
    expect(evaluate(onPrem, { pol: policy({ network: { allowedCidrs: ['192.168.0.0/16'] } }) }).status).toBe('PASS');
  });

  it('ignores rules on other ports', () => {
    expect(evaluate([tcpFrom('0.0.0.0/0', 443), ...lustreFrom('10.0.0.0/16')]).status).toBe('PASS');
  });

  it('resolves group references to the VPC their members live in', () => {
    const sameVpc = securityGroup('sg-clients', []);
    const peered = securityGroup('sg-peer', [], { vpcId: 'vpc-peer' });
    expect(evaluate([fromGroup('sg-clients', 988)], { groups: [sameVpc] }).status).toBe('PASS');
    const finding = evaluate([fromGroup('sg-peer', 988)], { groups: [peered] });
    expect(finding.status).toBe('FAIL');
    expect(finding.message).toContain('members of sg-peer live in vpc-peer (172.31.0.0/16)');
  });

  it('fails closed on a group reference it cannot resolve', () => {
    const finding = evaluate([fromGroup('sg-of-another-account', 988)]);
    expect(finding.status).toBe('FAIL');
    expect(finding.evidence.exposures).toMatchObject([{ reason: 'unresolved', source: 'sg-of-another-account' }]);
  });

  it('reports ERROR when the security groups could not be read, or the cache has none we can see', () => {
    const unreadable = runCheck(
      check,
      inventory(
        { vpcs: [vpc()], fileCaches: [fileCache()] },
        { securityGroups: failedCollection('ec2', 'DescribeSecurityGroups') },
      ),
    );
    expect(only(unreadable, 'fc-00000001').status).toBe('ERROR');
    const missing = runCheck(
      check,
      inventory({ vpcs: [vpc()], securityGroups: [], fileCaches: [fileCache({ securityGroupIds: ['sg-gone'] })] }),
    );
    expect(only(missing, 'fc-00000001')).toMatchObject({ status: 'ERROR', evidence: { missing: ['sg-gone'] } });
  });

  it('leaves alone a cache in a VPC outside the scan scope', () => {
    const findings = runCheck(
      check,
      inventory({
        vpcs: [vpc({ inScope: false })],
        securityGroups: [securityGroup('sg-lustre', [tcpFrom('0.0.0.0/0', 988)])],
        fileCaches: [fileCache()],
      }),
    );
    expect(findings).toEqual([]);
  });
});

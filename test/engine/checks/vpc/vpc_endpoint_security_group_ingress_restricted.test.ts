import { describe, expect, it } from 'vitest';
import { check } from '../../../../functions/engine/checks/vpc/vpc_endpoint_security_group_ingress_restricted.ts';
import type { IngressRule } from '../../../../functions/engine/model/network.ts';
import {
  endpoint,
  healthyNetwork,
  inventory,
  only,
  policy,
  runCheck,
  securityGroup,
  tcpFrom,
  vpc,
} from '../../../support/builders.ts';

const evaluateWith = (
  rules: IngressRule[],
  pol = policy(),
  extraGroups: ReturnType<typeof securityGroup>[] = [],
  extraVpcs: ReturnType<typeof vpc>[] = [],
) =>
  runCheck(
    check,
    inventory({
      ...healthyNetwork(),
      vpcs: [vpc(), ...extraVpcs],
      securityGroups: [securityGroup('sg-00000001', rules), ...extraGroups],
      vpcEndpoints: [endpoint()],
    }),
    pol,
  );
const verdict = (rules: IngressRule[], pol = policy()) => only(evaluateWith(rules, pol), 'vpce-00000001');

describe('vpc_endpoint_security_group_ingress_restricted', () => {
  it('reports nothing when there are no endpoints', () => {
    expect(runCheck(check, inventory({ ...healthyNetwork(), vpcEndpoints: [] }))).toEqual([]);
  });

  it('passes 443 from the VPC CIDR', () => {
    expect(verdict([tcpFrom('10.0.0.0/16')]).status).toBe('PASS');
  });

  it('fails 443 from 0.0.0.0/0 at HIGH and names the group and source', () => {
    const finding = verdict([tcpFrom('0.0.0.0/0')]);
    expect(finding).toMatchObject({ status: 'FAIL', severity: 'HIGH' });
    expect(finding.message).toBe(
      'VPC endpoint vpce-00000001 (Amazon DynamoDB, Interface) security group sg-00000001 admits port 443 from 0.0.0.0/0: 0.0.0.0/0 is the whole internet.',
    );
  });

  it('fails ::/0 as the whole internet too', () => {
    expect(verdict([tcpFrom('::/0')]).evidence.exposures).toMatchObject([{ reason: 'world' }]);
  });

  it('fails all-traffic rules from outside, because they include 443', () => {
    const finding = verdict([
      { protocol: '-1', fromPort: 0, toPort: 65535, source: { kind: 'cidr', cidr: '203.0.113.0/24' }, description: undefined },
    ]);
    expect(finding).toMatchObject({ status: 'FAIL', severity: 'MEDIUM' });
    expect(finding.message).toContain('port all from 203.0.113.0/24');
  });

  it('fails a port range that contains 443', () => {
    expect(verdict([tcpFrom('198.51.100.0/24', 400, 500)]).status).toBe('FAIL');
  });

  it('ignores rules for other ports and UDP', () => {
    expect(verdict([tcpFrom('0.0.0.0/0', 22), { ...tcpFrom('0.0.0.0/0'), protocol: 'udp' }]).status).toBe('PASS');
  });

  it('passes on-premises ranges listed in network.allowedCidrs, and only those', () => {
    const allowed = policy({ network: { allowedCidrs: ['192.168.0.0/16'] } });
    expect(verdict([tcpFrom('192.168.10.0/24')], allowed).status).toBe('PASS');
    expect(verdict([tcpFrom('192.0.0.0/8')], allowed).status).toBe('FAIL');
  });

  it('resolves a referenced security group to its VPC and judges that CIDR', () => {
    const peerRule: IngressRule = {
      ...tcpFrom('x'),
      source: { kind: 'securityGroup', groupId: 'sg-peer', ownerId: undefined, vpcId: 'vpc-peer' },
    };
    const peerGroup = securityGroup('sg-peer', [], { vpcId: 'vpc-peer' });
    const peerVpc = vpc({ vpcId: 'vpc-peer', cidrBlocks: ['172.16.0.0/16'], inScope: false });
    const outside = only(evaluateWith([peerRule], policy(), [peerGroup], [peerVpc]), 'vpce-00000001');
    expect(outside.status).toBe('FAIL');
    expect(outside.message).toContain('members of sg-peer live in vpc-peer (172.16.0.0/16)');
    const allowed = only(
      evaluateWith([peerRule], policy({ network: { allowedCidrs: ['172.16.0.0/12'] } }), [peerGroup], [peerVpc]),
      'vpce-00000001',
    );
    expect(allowed.status).toBe('PASS');
  });

  it('fails a group reference it cannot resolve instead of guessing', () => {
    const finding = verdict([
      { ...tcpFrom('x'), source: { kind: 'securityGroup', groupId: 'sg-elsewhere', ownerId: '999988887777', vpcId: undefined } },
    ]);
    expect(finding.status).toBe('FAIL');
    expect(finding.evidence.exposures).toMatchObject([{ reason: 'unresolved', source: 'sg-elsewhere' }]);
  });

  it('treats a self-reference as the endpoint itself', () => {
    expect(
      verdict([
        { ...tcpFrom('x'), source: { kind: 'securityGroup', groupId: 'sg-00000001', ownerId: undefined, vpcId: undefined } },
      ]).status,
    ).toBe('PASS');
  });

  it('judges prefix-list entries, and an unreadable list as unresolved', () => {
    const list = (cidrs: string[] | undefined): IngressRule => ({
      ...tcpFrom('x'),
      source: { kind: 'prefixList', prefixListId: 'pl-1', cidrs },
    });
    expect(verdict([list(['10.0.1.0/24'])]).status).toBe('PASS');
    expect(verdict([list(['10.0.1.0/24', '52.94.0.0/22'])]).status).toBe('FAIL');
    expect(verdict([list(undefined)]).evidence.exposures).toMatchObject([{ reason: 'unresolved' }]);
  });

  it('reports ERROR when an attached group was not returned', () => {
    const findings = runCheck(
      check,
      inventory({ ...healthyNetwork(), vpcEndpoints: [endpoint({ securityGroupIds: ['sg-missing'] })] }),
    );
    expect(only(findings, 'vpce-00000001').status).toBe('ERROR');
  });

  it('judges several endpoints independently', () => {
    const findings = runCheck(
      check,
      inventory({
        ...healthyNetwork(),
        securityGroups: [securityGroup('sg-ok', [tcpFrom('10.0.0.0/16')]), securityGroup('sg-open', [tcpFrom('0.0.0.0/0')])],
        vpcEndpoints: [
          endpoint({ vpcEndpointId: 'vpce-a', securityGroupIds: ['sg-ok'] }),
          endpoint({ vpcEndpointId: 'vpce-b', securityGroupIds: ['sg-open'] }),
        ],
      }),
    );
    expect(findings.map((finding) => [finding.resourceId, finding.status])).toEqual([
      ['vpce-a', 'PASS'],
      ['vpce-b', 'FAIL'],
    ]);
  });
});

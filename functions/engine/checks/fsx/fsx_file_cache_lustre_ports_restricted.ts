import { DEFAULT_CATALOG } from '../../catalog.ts';
import type { Check } from '../check.ts';
import { NIST, PCI } from '../frameworks.ts';
import { findExposures, networkIndexes } from '../lib/ingress-exposure.ts';

const check = {
  id: 'fsx_file_cache_lustre_ports_restricted',
  title: 'File Cache security groups admit Lustre (TCP 988, 1018–1023) only from the VPC and allowed networks',
  headline: 'File Cache Lustre ports open beyond allowed networks',
  service: 'fsx',
  severity: 'HIGH',
  resourceType: 'AWS::FSx::FileCache',
  subject: 'fileCaches',
  requires: ['securityGroups', 'vpcs'],
  frameworks: [NIST.SC_7, NIST.AC_4, PCI.R1_3_1, PCI.R1_4_2],
  rationale:
    "File Cache data moves over the Lustre protocol on TCP 988 and 1018–1023, outside the TLS-protected API. AWS documents reaching it from the VPC and, on-premises, over Site-to-Site VPN or Direct Connect. Any rule that admits those ports from 0.0.0.0/0, ::/0 or a network outside the VPC and the policy's on-premises ranges exposes the data path. Group references are resolved to the VPCs their members live in.",
  remediation:
    'Limit the rules to the VPC CIDR and the on-premises CIDRs in network.allowedCidrs: aws ec2 revoke-security-group-ingress (the open rule), then authorize-security-group-ingress --protocol tcp --port 988 and --port 1018-1023 --cidr <allowed>.',
  references: ['https://docs.aws.amazon.com/fsx/latest/FileCacheGuide/limit-access-security-groups.html'],
  appliesTo: (cache, ctx) => ctx.inventory.byId('vpcs').get(cache.attributes.vpcId)?.attributes.inScope === true,
  evaluate(resource, ctx) {
    const cache = resource.attributes;
    const subject = `File Cache ${cache.fileCacheId}`;
    const { groupsById, vpcsById } = networkIndexes(ctx);
    const missing = cache.securityGroupIds.filter((id) => !groupsById.has(id));
    if (cache.securityGroupIds.length === 0 || missing.length > 0) {
      return {
        status: 'ERROR',
        message: `${subject}: security groups ${missing.join(', ') || '(none on its interfaces)'} could not be read, so Lustre exposure is unknown.`,
        evidence: { securityGroupIds: cache.securityGroupIds, missing },
        monitoredService: 'filecache',
      };
    }
    const vpc = vpcsById.get(cache.vpcId);
    const allowedCidrs = [...(vpc?.cidrBlocks ?? []), ...(vpc?.ipv6CidrBlocks ?? []), ...ctx.policy.allowedCidrs];
    const ports = (ctx.catalog.filecache ?? DEFAULT_CATALOG.filecache).dataPorts;
    const groups = cache.securityGroupIds.map((id) => groupsById.get(id)).filter((group) => group !== undefined);
    const exposures = findExposures(groups, ports, { allowedCidrs, groupsById, vpcsById });
    const evidence = {
      securityGroupIds: cache.securityGroupIds,
      lustrePorts: ports.map((range) => (range.from === range.to ? `${range.from}` : `${range.from}-${range.to}`)),
      allowedCidrs,
      exposures,
    };
    if (exposures.length === 0) {
      return {
        status: 'PASS',
        message: `${subject} admits Lustre only from the VPC and allowed networks.`,
        evidence,
        monitoredService: 'filecache',
      };
    }
    const worst = exposures.find((exposure) => exposure.reason === 'world') ?? exposures[0];
    return {
      status: 'FAIL',
      severity: worst?.reason === 'world' ? 'CRITICAL' : 'HIGH',
      message: `${subject} security group ${worst?.groupId} admits Lustre port ${worst?.ports} from ${worst?.source}: ${worst?.detail}.`,
      evidence,
      monitoredService: 'filecache',
      degree: exposures.length,
    };
  },
} satisfies Check<'fileCaches'>;

export { check };

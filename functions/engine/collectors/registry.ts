/**
 * Every collector the product ships. The scan runs only those whose collections an enabled
 * check needs, so a scan limited to one area costs only that area's API calls.
 */
import type { Collector } from './collector.ts';
import { directConnectCollector } from './direct-connect.ts';
import { ec2EgressCollector } from './ec2-egress.ts';
import { ec2NetworkCollector } from './ec2-network.ts';
import { fileCacheCollector } from './file-cache.ts';
import { tlsPolicyCollector } from './tls-policies.ts';
import { tlsProbeCollector } from './tls-probe.ts';
import { vpnCollector } from './vpn.ts';

export const DEFAULT_COLLECTORS: readonly Collector[] = Object.freeze([
  ec2NetworkCollector,
  tlsProbeCollector,
  tlsPolicyCollector,
  vpnCollector,
  directConnectCollector,
  fileCacheCollector,
  ec2EgressCollector,
]);

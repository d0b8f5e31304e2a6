/**
 * Probes the TLS endpoints of one region: each monitored service's API hostnames (regional,
 * dual-stack, FIPS, account-based), the policy's declared targets, and, when running inside the
 * VPC, interface endpoint DNS names. Identical targets are probed once per scan; concurrency is
 * bounded across targets and per target.
 */
import { paginateDescribeVpcEndpoints } from '@aws-sdk/client-ec2';
import { mapWithConcurrency } from '../concurrency.ts';
import type { Collections } from '../model/inventory.ts';
import type { TlsReport, TlsTarget } from '../model/tls.ts';
import { probeTarget } from '../tls/prober.ts';
import { RESOURCE_TYPES } from '../types.ts';
import { type Collector, type CollectorContext, collected, guarded } from './collector.ts';
import { DESCRIBE_VPC_ENDPOINTS } from './operations.ts';
import { COLLECTOR_READS } from './reads.ts';

const parseHostPort = (text: string): { host: string; port: number } => {
  const index = text.lastIndexOf(':');
  return { host: text.slice(0, index).replace(/^\[|\]$/g, ''), port: Number(text.slice(index + 1)) };
};

/** The targets this region is responsible for, before de-duplication. */
export const targetsForRegion = (ctx: CollectorContext): TlsTarget[] => {
  const { policy, catalog, region, account } = ctx;
  const settings = policy.tls;
  const connectTo = (host: string) => (settings.connectTo[host] ? parseHostPort(settings.connectTo[host]) : undefined);
  const targets: TlsTarget[] = [];
  if (settings.probe.catalogHostnames) {
    for (const serviceKey of policy.monitoredServices) {
      const service = catalog[serviceKey];
      for (const hostname of service?.apiHostnames(region, account) ?? []) {
        if (!settings.probe.hostnameKinds.includes(hostname.kind)) continue;
        targets.push({
          host: hostname.host,
          port: 443,
          origin: 'catalog',
          serviceKey,
          connectTo: connectTo(hostname.host),
          caPem: settings.caPem,
        });
      }
    }
  }
  for (const declared of settings.targets) {
    const belongsHere = declared.region ? declared.region === region : ctx.primaryRegion;
    if (!belongsHere) continue;
    targets.push({
      host: declared.host,
      port: declared.port,
      origin: 'declared',
      serviceKey: declared.service,
      minimumVersion: declared.minimumVersion,
      caPem: declared.caPem ?? settings.caPem,
      connectTo: connectTo(declared.host),
    });
  }
  return targets;
};

const interfaceEndpointTargets = async (ctx: CollectorContext): Promise<TlsTarget[]> => {
  const targets: TlsTarget[] = [];
  const ec2 = ctx.clients.ec2(ctx.region);
  const filters = [{ Name: 'vpc-endpoint-type', Values: ['Interface'] }];
  for await (const page of paginateDescribeVpcEndpoints({ client: ec2 }, { Filters: filters })) {
    for (const endpoint of page.VpcEndpoints ?? []) {
      const service = Object.values(ctx.catalog).find(
        (candidate) => candidate.endpointServiceName(ctx.region) === endpoint.ServiceName,
      );
      if (!service || !ctx.policy.monitoredServices.includes(service.key)) continue;
      // The first DNS entry is the regional endpoint name; zonal ones follow.
      const name = endpoint.DnsEntries?.[0]?.DnsName;
      if (name)
        targets.push({
          host: name,
          port: 443,
          origin: 'interface-endpoint',
          serviceKey: service.key,
          caPem: ctx.policy.tls.caPem,
        });
    }
  }
  return targets;
};

const targetKey = (target: TlsTarget): string =>
  [target.host, target.port, target.connectTo?.host ?? '', target.connectTo?.port ?? '', target.caPem ?? ''].join('|');

export const tlsProbeCollector: Collector = {
  name: 'tls-probe',
  provides: ['tlsEndpoints'],
  reads: COLLECTOR_READS['tls-probe'],
  async collect(ctx): Promise<Collections> {
    const where = { account: ctx.account, region: ctx.region };
    const declared = targetsForRegion(ctx);
    let fromEndpoints: TlsTarget[] = [];
    if (ctx.policy.tls.probe.interfaceEndpoints) {
      const result = await guarded({ ...DESCRIBE_VPC_ENDPOINTS, region: ctx.region }, () => interfaceEndpointTargets(ctx));
      if (!result.ok) return { tlsEndpoints: { status: 'error', error: result.error } };
      fromEndpoints = result.value;
    }
    const unique = [...new Map([...declared, ...fromEndpoints].map((target) => [targetKey(target), target])).values()];
    const { probe } = ctx.policy.tls;
    const reports = await mapWithConcurrency(unique, probe.concurrency, (target) => {
      const key = `tls:${targetKey(target)}`;
      let pending = ctx.memo.get(key) as Promise<TlsReport> | undefined;
      if (!pending) {
        pending = probeTarget(target, { timeoutMs: probe.timeoutMs, concurrency: probe.socketsPerTarget });
        ctx.memo.set(key, pending);
      }
      return pending;
    });
    return {
      tlsEndpoints: collected({ ok: true, value: reports }, RESOURCE_TYPES.tlsEndpoint, where, (report) => report.endpoint),
    };
  },
};

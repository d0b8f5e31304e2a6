/**
 * One measurement for bench/inventory-scale.ts, in a fresh process so memory peaks are its own:
 *   scan   the VPC-endpoint scan (collectors, normalisation, every VPC check), as `tpm scan` runs it;
 *   lower  the same Describe calls, paged the same way, with nothing else: the lower bound.
 * Prints one JSON line: {"ms", "warmMs", "calls", "maxRssMb", "peakHeapMb", "items"}.
 */
import {
  DescribeVpcsCommand,
  paginateDescribeRouteTables,
  paginateDescribeSecurityGroups,
  paginateDescribeSubnets,
  paginateDescribeVpcEndpoints,
} from '@aws-sdk/client-ec2';
import { DEFAULT_CATALOG } from '../../functions/engine/catalog.ts';
import { CHECK_IDS } from '../../functions/engine/checks/registry.ts';
import { ApiCallRecorder, AwsClients } from '../../functions/engine/collectors/aws-clients.ts';
import { policyFromDocument } from '../../functions/engine/policy/load.ts';
import { runScan } from '../../functions/engine/scan/scan.ts';

const [mode, endpoint] = process.argv.slice(2);
const recorder = new ApiCallRecorder();
const clients = new AwsClients({ endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' }, recorder });
const ec2 = clients.ec2('us-east-1');
let peakHeap = 0;
const sampler = setInterval(() => {
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
}, 5);

const drain = async <T>(pages: AsyncIterable<T>): Promise<T[]> => {
  const all: T[] = [];
  for await (const page of pages) all.push(page);
  return all;
};

/** One pass of the measured work; returns the number of items it produced. */
const pass = async (): Promise<number> => {
  if (mode === 'scan') {
    // Only the VPC-endpoint area: the lower bound reads exactly what these checks need.
    const policy = policyFromDocument(
      {
        version: 1,
        checks: { exclude: ['tls_*', 'vpn_*', 'directconnect_*', 'fsx_*', 'elbv2_*', 'apigateway_*', 'cloudfront_*'] },
        requiredEndpoints: [{ vpcs: '*', services: ['dynamodb'], type: 'Gateway' }],
      },
      'bench policy',
      { catalog: DEFAULT_CATALOG, knownCheckIds: CHECK_IDS },
    );
    const result = await runScan({ policy, regions: ['us-east-1'], clients, account: '123456789012' });
    return result.findings.length;
  }
  // The collector's own pattern: the VPC list first, then the four describes at once, all pages.
  const vpcs = await ec2.send(new DescribeVpcsCommand({ MaxResults: 1000 }));
  const pages = await Promise.all([
    drain(paginateDescribeSubnets({ client: ec2, pageSize: 1000 }, {})),
    drain(paginateDescribeRouteTables({ client: ec2, pageSize: 100 }, {})),
    drain(paginateDescribeVpcEndpoints({ client: ec2, pageSize: 1000 }, {})),
    drain(paginateDescribeSecurityGroups({ client: ec2, pageSize: 1000 }, {})),
  ]);
  return (vpcs.Vpcs?.length ?? 0) + pages.flat().length;
};

// Cold: the first pass of a fresh process (a CLI run, a Lambda cold start). Warm: the second
// (a warm Lambda container); its calls and memory are not counted again.
const started = performance.now();
const items = await pass();
const ms = performance.now() - started;
const calls = recorder.total;
clearInterval(sampler);
peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
const maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
const warmStarted = performance.now();
await pass();
const warmMs = performance.now() - warmStarted;
clients.destroy();
process.stdout.write(
  `${JSON.stringify({ ms: Math.round(ms), warmMs: Math.round(warmMs), calls, maxRssMb, peakHeapMb: Math.round(peakHeap / 1048576), items })}\n`,
);

import type { Check } from '../check.ts';

const check = {
  id: 'fsx_file_cache_lifecycle_available',
  title: 'File Caches are available',
  headline: 'File Cache is not available',
  service: 'fsx',
  severity: 'MEDIUM',
  resourceType: 'AWS::FSx::FileCache',
  subject: 'fileCaches',
  requires: ['vpcs'],
  frameworks: 'none',
  rationale:
    'A cache that failed or is stuck updating does not serve its clients; when it is rebuilt its network interfaces and security groups change, which is exactly when exposure of the Lustre ports slips in.',
  remediation: 'Inspect FailureDetails in the FSx console or aws fsx describe-file-caches; recreate a FAILED cache.',
  references: ['https://docs.aws.amazon.com/fsx/latest/APIReference/API_FileCache.html'],
  appliesTo: (cache, ctx) => ctx.inventory.byId('vpcs').get(cache.attributes.vpcId)?.attributes.inScope === true,
  evaluate(resource) {
    const cache = resource.attributes;
    const evidence = { lifecycle: cache.lifecycle, failure: cache.failureMessage ?? null };
    if (cache.lifecycle === 'AVAILABLE')
      return {
        status: 'PASS',
        message: `File Cache ${cache.fileCacheId} is available.`,
        evidence,
        monitoredService: 'filecache',
      };
    return {
      status: 'FAIL',
      severity: cache.lifecycle === 'FAILED' ? 'HIGH' : 'MEDIUM',
      message: `File Cache ${cache.fileCacheId} is ${cache.lifecycle}${cache.failureMessage ? `: ${cache.failureMessage}` : ''}.`,
      evidence,
      monitoredService: 'filecache',
    };
  },
} satisfies Check<'fileCaches'>;

export { check };

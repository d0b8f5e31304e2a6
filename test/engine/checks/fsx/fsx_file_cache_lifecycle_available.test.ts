import { describe, expect, it } from 'vitest';
import { check } from '../../../../functions/engine/checks/fsx/fsx_file_cache_lifecycle_available.ts';
import { fileCache, inventory, only, runCheck, vpc } from '../../../support/builders.ts';

const evaluate = (cache: ReturnType<typeof fileCache>) =>
  only(runCheck(check, inventory({ vpcs: [vpc()], fileCaches: [cache] })), cache.id);

describe('fsx_file_cache_lifecycle_available', () => {
  it('passes AVAILABLE; fails FAILED at HIGH with the failure message, other states at MEDIUM', () => {
    expect(evaluate(fileCache()).status).toBe('PASS');
    const failed = evaluate(fileCache({ lifecycle: 'FAILED', failureMessage: 'subnet out of addresses' }));
    expect(failed).toMatchObject({ status: 'FAIL', severity: 'HIGH' });
    expect(failed.message).toBe('File Cache fc-00000001 is FAILED: subnet out of addresses.');
    expect(evaluate(fileCache({ lifecycle: 'UPDATING' }))).toMatchObject({ status: 'FAIL', severity: 'MEDIUM' });
  });

  it('judges only caches in VPCs the policy scopes in', () => {
    const outOfScope = inventory({ vpcs: [vpc({ inScope: false })], fileCaches: [fileCache({ lifecycle: 'FAILED' })] });
    expect(runCheck(check, outOfScope)).toEqual([]);
  });
});

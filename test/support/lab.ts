/** One local lab (moto, CA, TLS stand-ins) per test file; moto and the lab's AWS state are reset between tests. */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { LAB_REGION, type Lab, type LabOptions, startLab } from '../../lab/lab.ts';
import { deployToLab, type LabDeployment } from '../../lab/lab-deployment.ts';
import { type CapturedOutput, captureLambdaOutput } from '../../lab/lambda-output.ts';
import { MOTO_ACCOUNT } from '../../lab/moto.ts';
import { type DemoEstate, seedDemoAccount } from '../../lab/seed.ts';

export const useLab = (options: LabOptions = {}): { readonly lab: Lab } => {
  const handle = {} as { lab: Lab };
  beforeAll(async () => {
    handle.lab = await startLab(options);
  });
  beforeEach(async () => {
    await handle.lab.reset();
  });
  afterAll(async () => {
    await handle.lab?.dispose();
  });
  return handle;
};

/**
 * The lab with the Lambda deployment on it, for handler tests: per test, a fresh seeded demo
 * estate, the stack's tables and topic, and the handlers' output captured.
 */
export const useLabDeployment = (): {
  readonly lab: Lab;
  readonly deployment: LabDeployment;
  readonly estate: DemoEstate;
  readonly output: CapturedOutput;
} => {
  const lab = useLab();
  const handle = {} as { deployment: LabDeployment; estate: DemoEstate; output: CapturedOutput };
  beforeEach(async () => {
    handle.deployment = await deployToLab(lab.lab);
    handle.estate = await seedDemoAccount(handle.deployment.deps.clients, MOTO_ACCOUNT, LAB_REGION, lab.lab.aws);
    handle.output = captureLambdaOutput();
    return () => {
      handle.output.restore();
      handle.deployment.dispose();
    };
  });
  return {
    get lab() {
      return lab.lab;
    },
    get deployment() {
      return handle.deployment;
    },
    get estate() {
      return handle.estate;
    },
    get output() {
      return handle.output;
    },
  };
};

/**
 * Where each function's bundle landed in a synthesized cloud assembly: the test that invokes the
 * bundles and the cold-start benchmark both start from the real deployment artifacts.
 */
import { join } from 'node:path';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';

export interface FunctionAsset {
  /** The function's logical id in the template. */
  readonly logicalId: string;
  readonly description: string;
  /** The asset directory: index.mjs, its source map, policy.yaml. */
  readonly dir: string;
}

export const functionAssets = (assembly: CloudAssembly, stackName: string): FunctionAsset[] => {
  const stack = assembly.getStackByName(stackName);
  const template = stack.template as {
    Resources: Record<string, { Type: string; Properties: { Description?: string; Code?: { S3Key?: string } } }>;
  };
  return Object.entries(template.Resources)
    .filter(([, resource]) => resource.Type === 'AWS::Lambda::Function' && resource.Properties.Code?.S3Key)
    .map(([logicalId, resource]) => ({
      logicalId,
      description: resource.Properties.Description ?? logicalId,
      dir: join(assembly.directory, `asset.${resource.Properties.Code?.S3Key?.replace(/\.zip$/, '')}`),
    }));
};

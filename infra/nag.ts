/**
 * cdk-nag (v3: a CDK policy-validation plugin) and the one way this app acknowledges a rule:
 * with a written reason, on the narrowest construct, optionally narrowed to one finding
 * (`AwsSolutions-IAM5[Resource::*]`). A violation without an acknowledgment fails the synth.
 */
import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

export const acknowledge = (scope: IConstruct, rule: string, reason: string): void => {
  Validations.of(scope).acknowledge({ id: rule, reason });
};

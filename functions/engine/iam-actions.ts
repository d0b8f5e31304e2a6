/**
 * IAM actions that cross layers: a check declares them (so every reader role is granted them)
 * while a collector calls the API. A leaf, so a check names the action without importing the
 * collector and its SDK client.
 */
export const DESCRIBE_ORGANIZATION = 'organizations:DescribeOrganization';

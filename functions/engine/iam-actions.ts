/**
 * The AWS operations the product calls, each with the IAM action that authorises it. A collector
 * declares its operations once, beside the SDK calls; a check's permissions, the deployed roles
 * and the "Grant … to the scanning role" hint are all derived from those declarations.
 */
export interface AwsOperation {
  /** The IAM service prefix (`ec2`, `elasticloadbalancing`, `apigateway`). */
  readonly service: string;
  /** The API operation, as the SDK's command is named (`DescribeVpcEndpoints`). */
  readonly operation: string;
  /** The IAM action that allows it: `service:Operation`, except where IAM authorises otherwise. */
  readonly action: string;
}

export const awsOperation = (service: string, operation: string, action = `${service}:${operation}`): AwsOperation =>
  Object.freeze({ service, operation, action });

/** API Gateway's management API is authorised by HTTP verb, not by operation. */
export const apiGatewayRead = (operation: string): AwsOperation => awsOperation('apigateway', operation, 'apigateway:GET');

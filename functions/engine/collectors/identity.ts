/**
 * Who the scan's credentials belong to (sts:GetCallerIdentity, which needs no grant): the one
 * read that decides between "the credentials are wrong" and "the API cannot be reached".
 */
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { CredentialsError, describeError, isNetworkFailure, UnreachableError } from '../errors.ts';
import type { AwsClients } from './aws-clients.ts';
import { GET_CALLER_IDENTITY } from './operations.ts';

/** Who the credentials belong to; any failure here is a credentials or connectivity problem. */
export const identifyAccount = async (clients: AwsClients, region: string): Promise<string> => {
  try {
    const identity = await clients.sts(region).send(new GetCallerIdentityCommand({}));
    if (!identity.Account) throw new Error('GetCallerIdentity returned no account');
    return identity.Account;
  } catch (error) {
    if (isNetworkFailure(error))
      throw new UnreachableError(
        `Could not reach the AWS API in ${region} for ${GET_CALLER_IDENTITY.action} (${describeError(error)}). Check the network, any proxy, and AWS_ENDPOINT_URL if it is set.`,
        { cause: error },
      );
    throw new CredentialsError(
      `Could not identify the AWS account with ${GET_CALLER_IDENTITY.action} (${describeError(error)}). Check the credentials (AWS_PROFILE, --profile, aws sso login) and, for local testing, AWS_ENDPOINT_URL.`,
      { cause: error },
    );
  }
};

/**
 * AWS reads about the organization itself: the scanned account's own organization
 * (DescribeOrganization, which any member account may call), and for the org fan-out which
 * accounts exist (ListAccounts, every page) and credentials inside one of them (STS AssumeRole of
 * the read-only member role the StackSet deploys). They fail with errors that say what to fix.
 */
import { DescribeOrganizationCommand, OrganizationsClient, paginateListAccounts } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { CollectorError, CredentialsError, describeError, errorCode } from '../errors.ts';
import { AwsClients } from './aws-clients.ts';
import { ASSUME_ROLE, DESCRIBE_ORGANIZATION, LIST_ACCOUNTS } from './operations.ts';

/** What the fan-out's own roles need beyond the checks' read-only actions (infra grants exactly these). */
export const FANOUT_PERMISSIONS = {
  planner: [LIST_ACCOUNTS.action],
  unit: [ASSUME_ROLE.action],
} as const;

export interface OrganizationAccount {
  readonly id: string;
  readonly name: string;
  /** ACTIVE, SUSPENDED, PENDING_CLOSURE (Organizations' State, or Status on older answers). */
  readonly state: string;
}

/** Every account of the organization, as the management or delegated administrator account sees it. */
export const listOrganizationAccounts = async (clients: AwsClients, region: string): Promise<OrganizationAccount[]> => {
  const organizations = clients.client(OrganizationsClient, region);
  try {
    const accounts: OrganizationAccount[] = [];
    for await (const page of paginateListAccounts({ client: organizations }, {})) {
      for (const account of page.Accounts ?? []) {
        accounts.push({
          id: account.Id ?? '',
          name: account.Name ?? '',
          state: String(account.State ?? account.Status ?? 'UNKNOWN').toUpperCase(),
        });
      }
    }
    return accounts;
  } catch (error) {
    throw new CollectorError(
      {
        service: 'organizations',
        operation: 'ListAccounts',
        region,
        code: errorCode(error),
        hint: 'Run the fan-out from the management account or a delegated administrator, with organizations:ListAccounts; or list the accounts in tpm:accounts.',
      },
      { cause: error },
    );
  }
};

/**
 * The organization the scanned account belongs to, as the scan learns it to trust its own
 * organization by default. `none` when the account is in no organization; `unknown` (with the
 * reason) when the call was denied or failed, so the scan can say so and trust the account alone.
 */
export type OwnOrganization =
  | { readonly status: 'member'; readonly organizationId: string; readonly managementAccountId: string | undefined }
  | { readonly status: 'none' }
  | { readonly status: 'unknown'; readonly reason: string };

export const describeOwnOrganization = async (clients: AwsClients, region: string): Promise<OwnOrganization> => {
  try {
    const { Organization } = await clients.client(OrganizationsClient, region).send(new DescribeOrganizationCommand({}));
    if (!Organization?.Id) return { status: 'unknown', reason: 'DescribeOrganization returned no organization id' };
    return { status: 'member', organizationId: Organization.Id, managementAccountId: Organization.MasterAccountId };
  } catch (error) {
    if (errorCode(error) === 'AWSOrganizationsNotInUseException') return { status: 'none' };
    return {
      status: 'unknown',
      reason: `${DESCRIBE_ORGANIZATION.action} failed (${describeError(error)}); grant it to the scanning role, or list the organization in trust.organizationIds`,
    };
  }
};

/** The member role in an account, by the name the StackSet gives it. */
export const memberRoleArn = (account: string, roleName: string, partition = 'aws'): string =>
  `arn:${partition}:iam::${account}:role/${roleName}`;

/**
 * Clients that act inside `account` through its member role, for one unit of work. The role is
 * assumed at once (one STS call), so a missing or untrusting role is reported before any scan.
 */
export const assumeMemberRole = async (
  clients: AwsClients,
  roleArn: string,
  options: { readonly region: string; readonly sessionName: string; readonly durationSeconds?: number },
): Promise<AwsClients> => {
  try {
    const { Credentials } = await clients.sts(options.region).send(
      new AssumeRoleCommand({
        RoleArn: roleArn,
        RoleSessionName: options.sessionName.replace(/[^\w+=,.@-]/g, '-').slice(0, 64),
        DurationSeconds: options.durationSeconds ?? 3600,
      }),
    );
    if (!Credentials?.AccessKeyId || !Credentials.SecretAccessKey) throw new Error('AssumeRole returned no credentials');
    return new AwsClients({
      ...clients.options,
      profile: undefined,
      credentials: {
        accessKeyId: Credentials.AccessKeyId,
        secretAccessKey: Credentials.SecretAccessKey,
        sessionToken: Credentials.SessionToken,
        ...(Credentials.Expiration ? { expiration: Credentials.Expiration } : {}),
      },
    });
  } catch (error) {
    throw new CredentialsError(
      `Could not assume ${roleArn} (${describeError(error)}). Deploy the member role StackSet to this account, and check that its trust policy names the monitor's unit role.`,
      { cause: error },
    );
  }
};

/**
 * The org sweep's plan: which (account, region) units of work one run covers. Pure, so what gets
 * scanned (and what is skipped, and why) is decided in one tested place before any role is
 * assumed. Each unit is scanned, recorded and fails on its own; the plan is small enough to pass
 * through Step Functions as state (accounts × one list of regions, not a list of pairs).
 */
import type { OrganizationAccount } from '../collectors/organization.ts';

export interface OrgSweepPlan {
  readonly runId: string;
  readonly plannedAt: string;
  /** Global resources (CloudFront) are read by each account's unit in this region only. */
  readonly primaryRegion: string;
  readonly regions: readonly string[];
  readonly accounts: readonly string[];
  /** Accounts left out, with the reason (suspended, excluded). */
  readonly skipped: readonly { readonly account: string; readonly reason: string }[];
}

export interface PlanRequest {
  readonly runId: string;
  readonly now: Date;
  readonly regions: readonly string[];
  /** The organization's accounts (ListAccounts); undefined when the deployment lists them itself. */
  readonly organization?: readonly OrganizationAccount[] | undefined;
  /** tpm:accounts: scan exactly these. */
  readonly configured?: readonly string[] | undefined;
  /** The monitor's own account: always scanned, with its own role. */
  readonly selfAccount: string;
}

/** One unit of work: a region of an account. */
export interface OrgUnit {
  readonly runId: string;
  readonly plannedAt: string;
  readonly account: string;
  readonly region: string;
  readonly primaryRegion: string;
}

export const planOrgSweep = (request: PlanRequest): OrgSweepPlan => {
  const [primaryRegion] = request.regions;
  if (!primaryRegion) throw new RangeError('an org sweep needs at least one region');
  const skipped: { account: string; reason: string }[] = [];
  const chosen = new Set<string>([request.selfAccount]);
  if (request.configured?.length) {
    const known = request.organization ? new Map(request.organization.map((account) => [account.id, account])) : undefined;
    for (const id of request.configured) {
      const account = known?.get(id);
      if (known && !account) skipped.push({ account: id, reason: 'not an account of this organization' });
      else if (account && account.state !== 'ACTIVE') skipped.push({ account: id, reason: `account is ${account.state}` });
      else chosen.add(id);
    }
  } else {
    for (const account of request.organization ?? []) {
      if (account.state === 'ACTIVE') chosen.add(account.id);
      else skipped.push({ account: account.id, reason: `account is ${account.state}` });
    }
  }
  return {
    runId: request.runId,
    plannedAt: request.now.toISOString(),
    primaryRegion,
    regions: [...new Set(request.regions)],
    accounts: [...chosen].sort(),
    skipped: skipped.sort((a, b) => a.account.localeCompare(b.account)),
  };
};

/** The units a plan stands for, in a stable order (accounts, then regions). */
export const unitsOf = (plan: OrgSweepPlan): OrgUnit[] =>
  plan.accounts.flatMap((account) =>
    plan.regions.map((region) => ({
      runId: plan.runId,
      plannedAt: plan.plannedAt,
      account,
      region,
      primaryRegion: plan.primaryRegion,
    })),
  );

export const unitId = (unit: Pick<OrgUnit, 'account' | 'region'>): string => `${unit.account}/${unit.region}`;

/**
 * The read-only role the org fan-out assumes in each member account, as a stack a StackSet
 * deploys (the monitor stack embeds this template in its StackSet, and `cdk synth` also writes it
 * to cdk.out for deploying by hand). It may only read configuration (the collectors' declared
 * operations), and with tpm:securityHub import findings into its own account's hub; only the
 * monitor's unit role may assume it. No bootstrap resources: member
 * accounts need not be CDK-bootstrapped.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, BootstraplessSynthesizer, CfnParameter, Duration, Fn, Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { grantEstateRead, grantSecurityHubImport } from './permissions.ts';

export interface MemberRoleStackProps extends StackProps {
  /** The role's name, the same in every account (the unit role builds the ARN from it). */
  readonly roleName: string;
  /** tpm:securityHub: the role may also import findings into its own account's hub (its default product only). */
  readonly securityHub?: boolean;
}

/** The parameter the StackSet fills with the monitor's unit role ARN. */
export const MONITOR_ROLE_PARAMETER = 'MonitorUnitRoleArn';

export class MemberRoleStack extends Stack {
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: MemberRoleStackProps) {
    super(scope, id, { ...props, synthesizer: new BootstraplessSynthesizer(), analyticsReporting: false });
    const monitorRole = new CfnParameter(this, MONITOR_ROLE_PARAMETER, {
      type: 'String',
      description:
        'ARN of the traffic-privacy-monitor unit role in the monitor account (the only principal that may assume this role)',
      allowedPattern: '^arn:aws[a-z-]*:iam::\\d{12}:role/.+$',
    });
    const monitorAccount = Fn.select(4, Fn.split(':', monitorRole.valueAsString));
    this.role = new iam.Role(this, 'ReadOnlyRole', {
      roleName: props.roleName,
      description: 'traffic-privacy-monitor: read-only configuration access for the org sweep',
      maxSessionDuration: Duration.hours(1),
      // The account as principal, narrowed to the one role: a role ARN principal would break if that role were recreated.
      assumedBy: new iam.AccountPrincipal(monitorAccount).withConditions({
        ArnEquals: { 'aws:PrincipalArn': monitorRole.valueAsString },
      }),
    });
    grantEstateRead(this.role);
    // BatchImportFindings on the default product takes only the caller's own account's findings.
    if (props.securityHub) grantSecurityHubImport(this.role);
  }
}

/** The member template as JSON, for the StackSet's TemplateBody. */
export const memberRoleTemplate = (roleName: string, securityHub = false): string => {
  // A scratch assembly of its own, so the embedded copy never lands in the app's cdk.out.
  const outdir = mkdtempSync(join(tmpdir(), 'tpm-member-role-'));
  try {
    const app = new App({ outdir });
    const stack = new MemberRoleStack(app, 'MemberRole', { roleName, securityHub });
    return JSON.stringify(app.synth().getStackByName(stack.stackName).template);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
};

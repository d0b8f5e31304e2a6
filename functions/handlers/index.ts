/**
 * Every Lambda handler the product ships, by name. The name is also the entry file
 * (`functions/handlers/<name>.ts`), which the CDK stack bundles and `tpm invoke` runs locally.
 */
import type { Context } from 'aws-lambda';
import { createChangeHandler } from './change-recheck.ts';
import { createClientTlsHandler } from './observed-client-tls.ts';
import type { HandlerDependencies, HandlerName } from './runtime.ts';
import { createSweepHandler } from './scheduled-sweep.ts';

export type HandlerFactory = (deps: HandlerDependencies) => (event: unknown, context: Context) => Promise<unknown>;

export const HANDLERS: Readonly<Record<HandlerName, { readonly create: HandlerFactory; readonly summary: string }>> = {
  'scheduled-sweep': {
    create: createSweepHandler,
    summary: 'an EventBridge schedule fired: sweep the configured scope, diff, alert, measure',
  },
  'change-recheck': {
    create: createChangeHandler,
    summary: 'a CloudTrail "AWS API Call via CloudTrail" event: re-check only what the call touched',
  },
  'observed-client-tls': {
    create: createClientTlsHandler,
    summary: "a CloudTrail record of a call to a monitored service: judge the caller's TLS and path",
  },
};

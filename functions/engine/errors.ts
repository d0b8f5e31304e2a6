/**
 * A small error tree, so callers can tell bad configuration (fix the file, do not retry) from
 * runtime failure (retry, or report as ERROR findings) from bad input (reject, do not retry).
 * Every message is written for the person who has to act on it; `cause` is always preserved.
 */

/** Base class: every error the product raises on purpose. */
export class TpmError extends Error {
  override readonly name: string = 'TpmError';
}

/** The command line is wrong; the message says how to fix it. */
export class UsageError extends TpmError {
  override readonly name = 'UsageError';
  /** The subcommand whose line is wrong, when the thrower knows it. */
  readonly command: string | undefined;
  constructor(message: string, command?: string) {
    super(message);
    this.command = command;
  }
}

/** The policy file, CLI flags or environment are wrong; retrying will not help. */
export class ConfigError extends TpmError {
  override readonly name = 'ConfigError';
  /** Where the bad value lives: a file path plus a field path, or a flag name. */
  readonly location: string;
  constructor(location: string, message: string, options?: ErrorOptions) {
    super(`${location}: ${message}`, options);
    this.location = location;
  }
}

/** No usable AWS credentials, or the credentials were rejected. */
export class CredentialsError extends TpmError {
  override readonly name = 'CredentialsError';
}

/**
 * The AWS API could not be reached at all (DNS, a refused or reset connection, a timeout): a
 * network or endpoint problem, not a credentials one, so the person is sent to the right place.
 */
export class UnreachableError extends TpmError {
  override readonly name = 'UnreachableError';
}

/** A local tool or service the command needs (moto_server, openssl, a TLS target) is missing. */
export class EnvironmentError extends TpmError {
  override readonly name = 'EnvironmentError';
}

/** An AWS call a collector depends on failed after the SDK's own retries. */
export class CollectorError extends TpmError {
  override readonly name = 'CollectorError';
  readonly service: string;
  readonly operation: string;
  readonly region: string;
  /** The AWS error code (`UnauthorizedOperation`, `ThrottlingException`, …) when known. */
  readonly code: string | undefined;
  constructor(
    details: { service: string; operation: string; region: string; code?: string | undefined; hint?: string },
    options?: ErrorOptions,
  ) {
    const causeText = options?.cause instanceof Error ? options.cause.message : String(options?.cause ?? '');
    const code = details.code ? `${details.code}: ` : '';
    const hint = details.hint ? ` ${details.hint}` : '';
    super(`${details.service}:${details.operation} in ${details.region} failed (${code}${causeText}).${hint}`, options);
    this.service = details.service;
    this.operation = details.operation;
    this.region = details.region;
    this.code = details.code;
  }

  /** Access problems are permanent until someone changes IAM; everything else may pass. */
  get isAccessDenied(): boolean {
    return ACCESS_DENIED_CODES.has(this.code ?? '');
  }
}

/**
 * The baseline could not be read or written (a missing table, a store that kept changing under
 * the run). The scan itself finished, so it travels with the error: the CLI still prints every
 * finding, and Lambda retries the run.
 */
export class BaselineError extends TpmError {
  override readonly name = 'BaselineError';
  readonly scan: unknown;
  constructor(message: string, options: { cause: unknown; scan: unknown }) {
    super(message, { cause: options.cause });
    this.scan = options.scan;
  }
}

/**
 * A run reached its deadline before it saw what it was asked to see. Transient: the caller
 * retries (Lambda re-delivers the event) rather than reporting "nothing changed".
 */
export class DeadlineError extends TpmError {
  override readonly name = 'DeadlineError';
}

/** The baseline partition kept changing under the run; the run fails and is retried as a whole. */
export class BaselineConflictError extends TpmError {
  override readonly name = 'BaselineConflictError';
}

/** A run that could not deliver its alerts: thrown so the platform retries; the alerts stay queued. */
export class DeliveryError extends TpmError {
  override readonly name = 'DeliveryError';
}

/** An incoming event or document does not have the shape we require. */
export class InputError extends TpmError {
  override readonly name = 'InputError';
  /** Dotted path of the offending field (`detail.requestParameters.groupId`). */
  readonly field: string;
  /** What is wrong with it, without the field (the message is `field: problem`). */
  readonly problem: string;
  constructor(field: string, problem: string, options?: ErrorOptions) {
    super(`${field}: ${problem}`, options);
    this.field = field;
    this.problem = problem;
  }
}

const ACCESS_DENIED_CODES = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'UnauthorizedAccess',
  'AuthorizationError',
]);

const CREDENTIAL_ERROR_NAMES = new Set([
  'CredentialsProviderError',
  'InvalidClientTokenId',
  'ExpiredToken',
  'ExpiredTokenException',
  'UnrecognizedClientException',
  'AuthFailure',
  'SignatureDoesNotMatch',
  'InvalidAccessKeyId',
]);

/** True when an SDK error means "these credentials are missing or rejected". */
export const isCredentialFailure = (error: unknown): boolean =>
  error instanceof Error && (CREDENTIAL_ERROR_NAMES.has(error.name) || CREDENTIAL_ERROR_NAMES.has(errorCode(error) ?? ''));

const NETWORK_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'TimeoutError',
  'RequestTimeout',
]);

/** True when an SDK error means "no answer from the endpoint" (nothing was said about credentials). */
export const isNetworkFailure = (error: unknown): boolean =>
  error instanceof Error &&
  (NETWORK_ERROR_CODES.has(error.name) ||
    NETWORK_ERROR_CODES.has(errorCode(error) ?? '') ||
    (error.cause !== undefined && error.cause !== error && isNetworkFailure(error.cause)));

/** The AWS error code of an SDK exception, if it carries one. */
export const errorCode = (error: unknown): string | undefined => {
  if (!(error instanceof Error)) return undefined;
  const candidate = (error as { Code?: unknown; code?: unknown }).Code ?? (error as { code?: unknown }).code;
  if (typeof candidate === 'string') return candidate;
  return error.name && error.name !== 'Error' ? error.name : undefined;
};

/**
 * An AWS "this resource does not exist" answer (`InvalidGroup.NotFound`,
 * `InvalidPrefixListID.NotFound`, `ResourceNotFoundException`…): the one failure a collector may
 * read as "absent". Throttling, access denied and timeouts mean "not seen" and must not be.
 */
export const isNotFound = (error: unknown): boolean => /NotFound(Exception)?$/i.test(errorCode(error) ?? '');

/** One line for a person: no stack, the cause chain folded in. */
export const describeError = (error: unknown): string => {
  if (error instanceof TpmError) return error.message;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
};

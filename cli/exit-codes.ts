/**
 * Exit codes CI can gate on. Distinct codes let a pipeline tell "the estate has problems" (1)
 * from "the scan could not prove anything" (4, 5) from "someone broke the config" (2, 3).
 */
export const EXIT = {
  ok: 0,
  /** Unsuppressed FAIL findings at or above --fail-on. */
  findings: 1,
  /** Bad command line. */
  usage: 2,
  /** Missing or invalid policy file (or, for `tpm invoke`, event file). */
  config: 3,
  /** No usable AWS credentials, or they were rejected. */
  credentials: 4,
  /** Some checks could not run (ERROR findings): compliance not proven. */
  incomplete: 5,
  /** A required local tool or service is missing (moto_server, a TLS target). */
  environment: 6,
  /** Alerts or metrics could not be delivered (alerts stay queued), or the baseline could not be used. */
  delivery: 7,
  /** The AWS API endpoint could not be reached (DNS, connection refused or reset, timeouts). */
  unreachable: 8,
  /** The run's total deadline (--deadline) passed before it saw everything it was asked to. */
  deadline: 9,
  /** A bug: please report it. */
  internal: 70,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export const EXIT_CODE_HELP = `Exit codes:
  0   no unsuppressed FAIL at or above --fail-on, and every check could run
  1   FAIL findings at or above --fail-on
  2   bad command line
  3   missing or invalid policy file (tpm invoke: event file)
  4   AWS credentials missing or rejected
  5   some checks could not run (ERROR findings): compliance not proven
  6   a required local tool is missing (e.g. moto_server for the demo)
  7   alerts or metrics could not be delivered (alerts stay queued and are retried next run),
      or the baseline could not be read or written (the findings are still printed)
  8   the AWS API could not be reached (network, DNS, AWS_ENDPOINT_URL, proxy)
  9   the run's deadline (--deadline) passed before every region was scanned: not proven
  70  internal error (set TPM_DEBUG=1 for a stack trace, and please report it)`;

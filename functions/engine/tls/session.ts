/**
 * One target's probing state, apart from what is enumerated: where to connect, the adaptive
 * lane, the count of handshakes, what went wrong, what changed between concurrent and sequential
 * attempts, and the three ways to make an attempt (a raw hello, a raw hello under the lane's
 * silent-close rule, a real handshake). The enumerators in prober.ts are written against it.
 */
import type { TlsTarget } from '../model/tls.ts';
import type { TlsVersion } from '../tls-versions.ts';
import { type Endpoint, type HandshakeOutcome, type RawOutcome, realHandshake, sendRawHello } from './attempts.ts';
import { createProbeLane, type ProbeLane } from './lane.ts';
import { groupByCode, suiteByCode } from './registry.ts';
import { buildClientHello } from './wire.ts';

export interface ProbeOptions {
  /** Per attempt: connect, send, first answer. */
  readonly timeoutMs?: number;
  /** Sockets open at once against this target. */
  readonly concurrency?: number;
  /**
   * Also enumerate every TLS 1.2 ECDHE group (each costs the server a signature). Off for
   * scheduled scans, where no check needs it; `tpm probe` turns it on.
   */
  readonly tls12Groups?: boolean;
  readonly now?: () => Date;
  /** Called after every attempt, for `tpm probe --trace` and benchmarks. */
  readonly trace?: (event: AttemptTrace) => void;
}

/** One attempt on the timeline: what was offered, when, and how it ended. */
export interface AttemptTrace {
  readonly label: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly outcome: string;
}

/** ECDHE and anonymous ECDH suites: their ServerKeyExchange names a curve, not a DH prime. */
export const isEcdheCode = (cipher: number): boolean => ['ECDHE', 'AECDH'].includes(suiteByCode(cipher).keyExchange);

/** Sockets open at once at the start; the lane widens from here while answers stay clean. */
const INITIAL_WIDTH = 4;

/** A close or reset without a TLS alert: a refusal, or a front shedding connections. */
const isSilentClose = (outcome: RawOutcome): boolean =>
  (outcome.class === 'refused' && outcome.detail.startsWith('closed without alert')) ||
  (outcome.class === 'error' && outcome.detail === 'connection reset');

export interface ProbeSession {
  readonly endpoint: Endpoint;
  /** performance.now() at the start, for the trace's timeline and the report's duration. */
  readonly started: number;
  readonly probedAt: string;
  readonly lane: ProbeLane;
  /** Everything the probe could not learn, in words; a non-empty list makes the report partial. */
  readonly errors: string[];
  /** Answers that changed between a concurrent attempt and its sequential re-test. */
  readonly unstable: string[];
  readonly handshakes: number;
  /** One raw hello, outside the lane (the caller decides how it is scheduled). */
  send(
    version: TlsVersion,
    suites: readonly number[],
    groups: readonly number[],
    readToEnd: boolean,
    label: string,
  ): Promise<RawOutcome>;
  /** One raw hello under the lane; a silent close is re-sent alone, and that answer stands. */
  raw(version: TlsVersion, suites: readonly number[], groups: readonly number[], readToEnd: boolean): Promise<RawOutcome>;
  /** One real handshake under the lane. */
  real(request: Omit<Parameters<typeof realHandshake>[1], 'timeoutMs' | 'extraCaPem'>): Promise<HandshakeOutcome>;
}

export const openProbeSession = (target: TlsTarget, options: ProbeOptions): ProbeSession => {
  const timeoutMs = options.timeoutMs ?? 4000;
  const now = options.now ?? (() => new Date());
  const started = performance.now();
  const probedAt = now().toISOString();
  const endpoint: Endpoint = {
    address: target.connectTo?.host ?? target.host,
    port: target.connectTo?.port ?? target.port,
    serverName: target.host,
  };
  const lane = createProbeLane({ initial: INITIAL_WIDTH, max: options.concurrency ?? 16 });
  let handshakes = 0;
  const errors: string[] = [];
  /** Answers that changed between a concurrent attempt and its sequential re-test. */
  const unstable: string[] = [];

  const send = async (
    version: TlsVersion,
    suites: readonly number[],
    groups: readonly number[],
    readToEnd: boolean,
    label: string,
  ): Promise<RawOutcome> => {
    handshakes++;
    const startMs = performance.now() - started;
    const outcome = await sendRawHello(endpoint, buildClientHello({ version, suites, groups, serverName: endpoint.serverName }), {
      timeoutMs,
      readToEnd,
      isEcdhe: isEcdheCode,
    });
    options.trace?.({
      label: `${label}${version} hello (${suites.length} suites, ${groups.length} groups)`,
      startMs,
      endMs: performance.now() - started,
      outcome:
        outcome.class === 'accepted'
          ? `${suiteByCode(outcome.hello.cipher).openssl}${outcome.hello.selectedGroup ? ` / ${groupByCode(outcome.hello.selectedGroup).name}` : ''}`
          : `${outcome.class}: ${outcome.detail}`,
    });
    return outcome;
  };

  /**
   * One hello under the lane. A silent close (or reset) may be a connection limit rather than a
   * refusal, so it is never taken at face value: the lane drops to one socket and the same hello
   * is sent again alone, and that answer stands.
   */
  const raw = async (
    version: TlsVersion,
    suites: readonly number[],
    groups: readonly number[],
    readToEnd: boolean,
  ): Promise<RawOutcome> => {
    const outcome = await lane.run(() => send(version, suites, groups, readToEnd, ''));
    if (!isSilentClose(outcome)) {
      lane.clean();
      return outcome;
    }
    lane.narrow();
    const alone = await lane.alone(() => send(version, suites, groups, readToEnd, 're-test alone: '));
    return isSilentClose(alone) ? { class: 'refused', detail: 'closed without alert (also on a single connection)' } : alone;
  };
  const real = (request: Omit<Parameters<typeof realHandshake>[1], 'timeoutMs' | 'extraCaPem'>): Promise<HandshakeOutcome> =>
    lane.run(async () => {
      handshakes++;
      const startMs = performance.now() - started;
      const outcome = await realHandshake(endpoint, { ...request, timeoutMs, extraCaPem: target.caPem });
      options.trace?.({
        label: `real handshake${request.ecdhCurve ? ` (${request.ecdhCurve})` : ''}`,
        startMs,
        endMs: performance.now() - started,
        outcome:
          outcome.class === 'accepted'
            ? `${outcome.facts.protocol} ${outcome.facts.cipher}`
            : `${outcome.class}: ${outcome.detail}`,
      });
      return outcome;
    });

  return {
    endpoint,
    started,
    probedAt,
    lane,
    errors,
    unstable,
    get handshakes() {
      return handshakes;
    },
    send,
    raw,
    real,
  };
};

/**
 * How many sockets the prober opens at once against one target, adapted to the target. Many
 * fronts (nginx `limit_conn`, small appliances, rate-limited edges) admit a few connections and
 * close the rest without a word, which looks exactly like a refusal. So the lane starts narrow,
 * widens while answers stay clean, drops to one socket the moment a silent close appears, and
 * runs `alone` tasks (the sequential re-tests) with nothing else in flight.
 */

export interface LaneOptions {
  /** Sockets at the start. */
  readonly initial: number;
  /** Never more than this (`tls.probe.concurrency`). */
  readonly max: number;
  /** Clean answers in a row before the width doubles (default 2). */
  readonly widenAfter?: number;
}

export interface ProbeLane {
  /** Runs `task` when a slot is free under the current width. */
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Runs `task` with no other task in flight, and none starting until it ends. */
  alone<T>(task: () => Promise<T>): Promise<T>;
  /** An answer that says nothing about concurrency trouble: counts towards widening. */
  clean(): void;
  /** A silent close or reset: one socket at a time from now on. */
  narrow(): void;
  /** The widest the lane got, for the report. */
  readonly peakWidth: number;
  readonly width: number;
}

export const createProbeLane = (options: LaneOptions): ProbeLane => {
  const widenAfter = options.widenAfter ?? 2;
  let width = Math.max(1, Math.min(options.initial, options.max));
  let peak = width;
  let active = 0;
  let exclusive = false;
  let streak = 0;
  let narrowed = false;
  const waiting: (() => void)[] = [];
  const wake = () => {
    while (waiting.length > 0 && !exclusive && active < width) {
      active++;
      (waiting.shift() as () => void)();
    }
  };
  const acquire = async (): Promise<void> => {
    if (!exclusive && active < width && waiting.length === 0) {
      active++;
      return;
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  };
  const release = () => {
    active--;
    wake();
  };
  return {
    async run(task) {
      await acquire();
      try {
        return await task();
      } finally {
        release();
      }
    },
    async alone(task) {
      // Take one slot like anyone, then hold the lane closed until everyone else has finished.
      await acquire();
      exclusive = true;
      while (active > 1) await new Promise((resolve) => setTimeout(resolve, 5));
      try {
        return await task();
      } finally {
        exclusive = false;
        release();
      }
    },
    clean() {
      if (narrowed) return;
      streak++;
      if (streak >= widenAfter && width < options.max) {
        width = Math.min(options.max, width * 2);
        peak = Math.max(peak, width);
        streak = 0;
        wake();
      }
    },
    narrow() {
      narrowed = true;
      streak = 0;
      width = 1;
    },
    get peakWidth() {
      return peak;
    },
    get width() {
      return width;
    },
  };
};

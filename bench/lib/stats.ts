/** The benchmarks' one summary statistic: the median of a run's samples (upper middle for an even count). */
export const median = (numbers: readonly number[]): number =>
  [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)] as number;

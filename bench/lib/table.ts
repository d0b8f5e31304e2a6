/** The benchmarks' result tables: one header row, then rows, columns padded to fit. */
export const printTable = (
  header: readonly string[],
  rows: readonly (readonly string[])[],
  align: 'left' | 'right' = 'right',
): void => {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  for (const row of [header, ...rows]) {
    console.log(
      row
        .map((cell, column) => (align === 'right' ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0)))
        .join('  '),
    );
  }
};

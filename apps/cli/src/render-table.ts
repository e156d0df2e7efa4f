export interface Cell {
  readonly text: string;
  /** Applied after padding, so that colour codes never upset the column widths. */
  readonly style?: (text: string) => string;
}

/**
 * A plain aligned table; the last column is cut to `maxWidth` so that rows stay on one line in a terminal.
 * An empty row is a blank line between groups.
 */
export function renderTable(
  header: readonly Cell[],
  rows: readonly (readonly Cell[])[],
  maxWidth = Number.POSITIVE_INFINITY,
): string {
  const widths = header.map((title, column) =>
    Math.max(title.text.length, ...rows.map((row) => row[column]?.text.length ?? 0)),
  );
  const lastStart = widths.slice(0, -1).reduce((sum, width) => sum + width + 2, 0);
  const lastWidth = Math.max(12, maxWidth - lastStart);
  const line = (cells: readonly Cell[]) =>
    cells
      .map((cell, column) => {
        const isLast = column === cells.length - 1;
        const text =
          isLast && cell.text.length > lastWidth ? `${cell.text.slice(0, lastWidth - 1)}…` : cell.text;
        const padded = isLast ? text : text.padEnd(widths[column]!);
        return cell.style ? cell.style(padded) : padded;
      })
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map((row) => (row.length === 0 ? '' : line(row)))].join('\n');
}

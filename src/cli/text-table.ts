/**
 * Columns padded for a terminal. Widths are display columns, not string lengths: a Japanese
 * character takes two (Unicode East Asian Width, UAX #11), which string-width measures, along with
 * zero-width and combining characters a hand-written `length` gets wrong.
 */
import stringWidth from "string-width";

/** Pads every column but the last to its widest cell, two spaces between columns, no trailing spaces. */
export function padTable(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [head, ...rows];
  const widths = head.map((_, column) => Math.max(...all.map((row) => stringWidth(row[column] ?? ""))));
  const line = (row: readonly string[]) =>
    row
      .map((cell, column) =>
        column === row.length - 1 ? cell : cell + " ".repeat(widths[column]! - stringWidth(cell)),
      )
      .join("  ")
      .trimEnd();
  const rule = widths.map((width, column) =>
    "-".repeat(column === widths.length - 1 ? stringWidth(head[column] ?? "") : width),
  );
  return [line(head), line(rule), ...rows.map(line)].join("\n") + "\n";
}

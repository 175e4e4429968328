/** CSV cells for IT spreadsheets: RFC 4180 quoting, and formulas defused. */

/** One CSV field; a leading = + - @ (or tab/CR) gets a `'` so spreadsheets never evaluate it. */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One CSV record (no line ending). */
export function csvRow(values: readonly string[]): string {
  return values.map(csvField).join(",");
}

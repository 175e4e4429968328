/** CSV cells for IT spreadsheets: RFC 4180 quoting, and formulas defused. */

/**
 * A cell a spreadsheet would read as a formula: = + - @ (ASCII or full-width, which Excel accepts
 * from a Japanese IME) or a tab/CR, after any white space or invisible characters (no-break and
 * zero-width spaces, a byte order mark, which spreadsheets skip). See OWASP "CSV Injection".
 */
const FORMULA = /^[\s\u200b-\u200d\u2060\u180e]*[=+\-@\uff1d\uff0b\uff0d\uff20\t\r]/;

/** One CSV field; a formula gets a leading `'` so spreadsheets never evaluate it. */
export function csvField(value: string): string {
  const safe = FORMULA.test(value) ? `'${value}` : value;
  // `;` is the separator where the decimal mark is a comma, so a field with one is quoted too.
  return /[",;\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One CSV record (no line ending). */
export function csvRow(values: readonly string[]): string {
  return values.map(csvField).join(",");
}

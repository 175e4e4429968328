import { expect, test } from "vitest";
import { csvField, csvRow } from "../../src/core/csv.js";

test.each([
  { value: "plain", cell: "plain" },
  { value: "a,b", cell: '"a,b"' },
  { value: 'say "hi"', cell: '"say ""hi"""' },
  { value: "two\nlines", cell: '"two\nlines"' },
  { value: '=HYPERLINK("x")', cell: '"\'=HYPERLINK(""x"")"' },
  { value: "+1", cell: "'+1" },
  { value: "-1", cell: "'-1" },
  { value: "@SUM(A1)", cell: "'@SUM(A1)" },
  { value: "*.azureml.ms", cell: "*.azureml.ms" },
  { value: "  =1+1", cell: "'  =1+1" },
  { value: "\u00a0=1+1", cell: "'\u00a0=1+1" },
  { value: "\u200b=1+1", cell: "'\u200b=1+1" },
  { value: "\ufeff@SUM(A1)", cell: "'\ufeff@SUM(A1)" },
  { value: "\uff1d1+1", cell: "'\uff1d1+1" },
  { value: ";=1+1", cell: '";=1+1"' },
  { value: "net::ERR_FAILED", cell: "net::ERR_FAILED" },
])("csvField($value) is $cell: quoted per RFC 4180, formulas defused", ({ value, cell }) => {
  expect(csvField(value)).toBe(cell);
});

test("csvRow joins fields with commas", () => {
  expect(csvRow(["a", "b,c", ""])).toBe('a,"b,c",');
});

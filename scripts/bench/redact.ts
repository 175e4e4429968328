/**
 * Redaction of hostile free text: a HAR's `_error` can be any size. Every pattern is linear, so a
 * 1 MB error string costs milliseconds (the quadratic URL pattern used before took 50 s on 200 KB).
 */
import { cleanError } from "../../src/core/redact.js";
import type { BenchResult } from "./types.js";

const MB = 1 << 20;

function timed(text: string): number {
  const times: number[] = [];
  for (let k = 0; k < 3; k++) {
    const start = performance.now();
    cleanError(text);
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[1]!;
}

export async function run(): Promise<BenchResult[]> {
  const cases: Array<[string, string]> = [
    ["cleanError, 1 MB of one letter then `: x://y` (the old worst case)", `${"a".repeat(MB)}: x://y`],
    [
      "cleanError, 1 MB of mixed secrets (key=value, JWTs, e-mail, paths)",
      "token=abc eyJhbGciOi.x.y user@contoso.com /subscriptions/s/rg ".repeat(MB / 60),
    ],
    ["cleanError, 1 MB of one base64 word", "Ab1+".repeat(MB / 4)],
  ];
  return cases.map(([name, text]) => ({ name, value: timed(text), unit: "ms", note: "median of 3" }));
}

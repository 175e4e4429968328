/**
 * Host names are data: a host called `constructor` or `valueof` is an ordinary host, never a
 * property of Object.prototype, before and after the state's JSON round trip through storage.
 */
import { afterEach, describe, expect, test } from "vitest";
import { CATALOG } from "../../src/core/catalog/index.js";
import { reduce } from "../../src/core/diagnosis.js";
import { createState, type DiagnosisState } from "../../src/core/diagnosis-state.js";
import { diagnoseHar } from "../../src/core/har.js";
import type { Observation } from "../../src/core/observation.js";
import { getOwn, setOwn } from "../../src/core/own-properties.js";
import { buildReport } from "../../src/core/report.js";
import { buildHar, chromeEntry } from "../fixtures/har/build-har.js";
import { seen } from "../fixtures/seen.js";

const T0 = Date.UTC(2026, 10, 28, 9, 0, 0);
/** Every all-lowercase name Object.prototype has, as normalizeHost would leave it, and two with a dot. */
const NAMES = [
  "constructor",
  "tostring",
  "valueof",
  "hasownproperty",
  "isprototypeof",
  "constructor.contoso.example",
  "tostring.example",
];

const dns = (host: string, i: number): Observation =>
  seen({ url: `https://${host}/`, type: "xmlhttprequest", time: T0 + i, error: "net::ERR_NAME_NOT_RESOLVED" });
const reportOf = (state: DiagnosisState) =>
  buildReport(state, { catalog: CATALOG, lang: "en", now: T0, toolVersion: "0.1.0" });

afterEach(() => {
  // Whatever a test did, Object.prototype and Object must be as they were.
  expect(
    Object.getOwnPropertyNames(Object).filter((key) =>
      ["https", "websocket", "seen", "lastSeen", "hosts"].includes(key),
    ),
  ).toEqual([]);
  expect(({} as Record<string, unknown>)["seen"]).toBeUndefined();
});

describe("hosts named like Object.prototype's properties", () => {
  test("each is its own unmatched host, reported with its failure", () => {
    let state = createState();
    NAMES.forEach((name, i) => (state = reduce(state, dns(name, i), T0, CATALOG)));
    const report = reportOf(state);
    expect(report.unmatched.map((u) => u.host)).toEqual([...NAMES].sort());
    expect(report.unmatched.every((u) => u.failures.map((f) => f.kind).join() === "dns")).toBe(true);
  });

  test("after a JSON round trip (storage.session) they are still found, counted and not duplicated", () => {
    let state = createState();
    state = reduce(state, dns("constructor", 0), T0, CATALOG);
    state = JSON.parse(JSON.stringify(state)) as DiagnosisState;
    state = reduce(state, dns("constructor", 1), T0, CATALOG);
    state = reduce(
      state,
      seen({ url: "https://valueof/", type: "xmlhttprequest", time: T0 + 2, error: "net::ERR_CONNECTION_REFUSED" }),
      T0,
      CATALOG,
    );
    const report = reportOf(state);
    expect(report.unmatched.map((u) => [u.host, u.failures.map((f) => `${f.kind}x${f.count}`).join()])).toEqual([
      ["constructor", "dnsx2"],
      ["valueof", "connectionx1"],
    ]);
  });

  test("a HAR with such hosts lists every one of them (CLI diagnose)", () => {
    const har = buildHar(
      NAMES.map((name) => chromeEntry({ url: `https://${name}/x?sig=SECRET`, error: "net::ERR_NAME_NOT_RESOLVED" })),
    );
    const report = diagnoseHar(har, { catalog: CATALOG, lang: "en", now: T0, toolVersion: "0.1.0" });
    expect(report.unmatched.map((u) => u.host)).toEqual([...NAMES].sort());
  });
});

describe("own-property lookups", () => {
  test("getOwn sees no inherited key; setOwn adds __proto__ as a key, not as the prototype", () => {
    const record = JSON.parse("{}") as Record<string, number>;
    expect(getOwn(record, "constructor")).toBeUndefined();
    expect(getOwn(record, "__proto__")).toBeUndefined();
    setOwn(record, "__proto__", 1);
    expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
    expect(getOwn(record, "__proto__")).toBe(1);
    expect(JSON.stringify(record)).toBe('{"__proto__":1}');
    const revived = JSON.parse(JSON.stringify(record)) as Record<string, number>;
    expect(getOwn(revived, "__proto__")).toBe(1);
  });
});

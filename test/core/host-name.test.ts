import { describe, expect, test } from "vitest";
import { hasValidLabels, isHostOrSubdomain, isSubdomain } from "../../src/core/host-name.js";

describe("whole-label suffix checks", () => {
  test.each([
    { host: "ml.azure.com", domain: "ml.azure.com", same: true, under: false, why: "the domain itself" },
    { host: "eastus.ml.azure.com", domain: "ml.azure.com", same: true, under: true, why: "one label under" },
    { host: "a.b.ml.azure.com", domain: "ml.azure.com", same: true, under: true, why: "several labels under" },
    { host: "xml.azure.com", domain: "ml.azure.com", same: false, under: false, why: "labels are compared whole" },
    {
      host: "ml.azure.com.evil.example",
      domain: "ml.azure.com",
      same: false,
      under: false,
      why: "the suffix must end the host",
    },
    { host: "azure.com", domain: "ml.azure.com", same: false, under: false, why: "a parent is not under its child" },
    {
      host: "ml.azure.com.",
      domain: "ml.azure.com",
      same: false,
      under: false,
      why: "a trailing dot is the caller's to drop",
    },
    {
      host: "eastus.ml.azure.com.",
      domain: "ml.azure.com",
      same: false,
      under: false,
      why: "a trailing dot is the caller's to drop",
    },
    { host: "ML.AZURE.COM", domain: "ml.azure.com", same: false, under: false, why: "case is the caller's to fold" },
    {
      host: "eastus.ML.azure.com",
      domain: "ml.azure.com",
      same: false,
      under: false,
      why: "case is the caller's to fold",
    },
    {
      host: "EASTUS.ml.azure.com",
      domain: "ml.azure.com",
      same: true,
      under: true,
      why: "only the suffix is compared",
    },
  ])("$host against $domain: $why", ({ host, domain, same, under }) => {
    expect(isHostOrSubdomain(host, domain)).toBe(same);
    expect(isSubdomain(host, domain)).toBe(under);
  });
});

describe("hasValidLabels", () => {
  test.each([
    { name: "ml.azure.com", lower: true, anyCase: true },
    { name: "a-1.b2.example", lower: true, anyCase: true },
    { name: "ML.Azure.com", lower: false, anyCase: true },
    { name: `${"a".repeat(63)}.example`, lower: true, anyCase: true },
    { name: `${"a".repeat(64)}.example`, lower: false, anyCase: false },
    { name: "-a.example", lower: false, anyCase: false },
    { name: "a-.example", lower: false, anyCase: false },
    { name: "a_b.example", lower: false, anyCase: false },
    { name: "ml.azure.com.", lower: false, anyCase: false },
    { name: "a..b", lower: false, anyCase: false },
    { name: "", lower: false, anyCase: false },
    { name: "xn--bcher-kva.example", lower: true, anyCase: true },
    { name: "bücher.example", lower: false, anyCase: false },
    { name: "\u212a.example", lower: false, anyCase: false }, // the Kelvin sign folds to "k" only under Unicode rules
  ])("$name: lowercase $lower, any case $anyCase", ({ name, lower, anyCase }) => {
    expect(hasValidLabels(name)).toBe(lower);
    expect(hasValidLabels(name, { anyCase: true })).toBe(anyCase);
  });
});

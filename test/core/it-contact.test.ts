import { describe, expect, test } from "vitest";
import { MAILTO_LIMIT, mailtoUrl, parseItContact } from "../../src/core/it-contact.js";

describe("parseItContact", () => {
  test.each([
    { value: "it@contoso.com", contact: { kind: "mail", address: "it@contoso.com" } },
    { value: " mailto:IT.Helpdesk@contoso.co.jp ", contact: { kind: "mail", address: "IT.Helpdesk@contoso.co.jp" } },
    { value: "https://it.contoso.com/new?x=1", contact: { kind: "url", url: "https://it.contoso.com/new?x=1" } },
  ])("$value is accepted", ({ value, contact }) => {
    expect(parseItContact(value)).toEqual({ ok: true, contact });
  });

  test.each([
    "",
    "it@",
    "http://it.contoso.com/",
    "javascript:alert(1)",
    "https://user:pw@it.contoso.com/",
    "data:text/html,x",
    42,
    null,
  ])("%s is refused", (value) => {
    expect(parseItContact(value).ok).toBe(false);
  });
});

describe("mailtoUrl", () => {
  test("a short body goes whole", () => {
    const { url, cut } = mailtoUrl("it@contoso.com", "Subject ü", "line 1\nline 2", "NOTE");
    expect(cut).toBe(false);
    const parsed = new URL(url);
    expect(parsed.searchParams.get("subject")).toBe("Subject ü");
    expect(parsed.searchParams.get("body")).toBe("line 1\nline 2");
  });

  test.each([
    { title: "many lines", body: Array.from({ length: 500 }, (_, i) => `| row ${i} | 日本語 |`).join("\n") },
    { title: "one huge line", body: "x".repeat(10_000) },
  ])("$title is cut by whole lines under the limit, ending with the note", ({ body }) => {
    const { url, cut } = mailtoUrl("it@contoso.com", "S", body, "NOTE: full report on the clipboard");
    expect(cut).toBe(true);
    expect(url.length).toBeLessThanOrEqual(MAILTO_LIMIT);
    const sent = new URL(url).searchParams.get("body")!;
    expect(sent.endsWith("\n\nNOTE: full report on the clipboard")).toBe(true);
    expect(sent.length).toBeGreaterThan(200);
  });
});

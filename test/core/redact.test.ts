import { describe, expect, test } from "vitest";
import { FAILURE_TABLE, NO_RESPONSE_ERROR } from "../../src/core/classifier.js";
import { cleanError, redactText, redactUrl } from "../../src/core/redact.js";

describe("redactUrl keeps scheme, host and port only", () => {
  test.each([
    { url: "https://westeurope.api.azureml.ms/history/v1.0/runs?sig=abc#x", out: "https://westeurope.api.azureml.ms" },
    {
      url: "wss://ci1.westeurope.instances.azureml.ms:8787/terminal?token=t",
      out: "wss://ci1.westeurope.instances.azureml.ms:8787",
    },
    { url: "wss://ci1.westeurope.instances.azureml.ms:443/terminal", out: "wss://ci1.westeurope.instances.azureml.ms" },
    { url: "http://Example.COM:80/", out: "http://example.com" },
    { url: "https://user:secret@acct.blob.core.windows.net/c/b?sv=1&sig=S", out: "https://acct.blob.core.windows.net" },
    {
      url: "https://login.microsoftonline.com/common/oauth2/authorize?code=C",
      out: "https://login.microsoftonline.com",
    },
    { url: "https://host.example.:8443", out: "https://host.example:8443" },
    { url: "https://[2001:db8::1]:8443/x", out: "https://[2001:db8::1]:8443" },
    { url: "https://10.1.2.3/x", out: "https://10.1.2.3" },
    { url: "https://a.example\\evil.example/x", out: "https://a.example" },
  ])("$url → $out", ({ url, out }) => {
    expect(redactUrl(url)).toBe(out);
  });

  test.each([
    "",
    "not a url",
    "/relative/path",
    "https://",
    "https://exa mple.com/",
    "https://host:99999/",
    "1https://x",
  ])("%j is not an absolute URL", (url) => {
    expect(redactUrl(url)).toBeUndefined();
  });
});

describe("redactText", () => {
  test("URLs, bearer tokens and key=value secrets are cut out of free text", () => {
    const out = redactText(
      "failed https://acct.blob.core.windows.net/c/b?sig=S1 Authorization: Bearer eyJ.abc.def code=C2 token=T3",
    );
    expect(out).toBe(
      "failed https://acct.blob.core.windows.net Authorization: Bearer [redacted] code=[redacted] token=[redacted]",
    );
  });

  test.each([
    { text: "proxy said: Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.payload.signature", secret: "eyJhbGciOi" },
    { text: "Authorization: Basic dXNlcjpwYXNzd29yZA", secret: "dXNlcjpwYXNz" },
    { text: '{"access_token": "AT-SECRET-1", "token_type": "Bearer"}', secret: "AT-SECRET-1" },
    { text: "refresh_token=RT-SECRET-2&x=1", secret: "RT-SECRET-2" },
    { text: "failed with sig: SIG-SECRET-3", secret: "SIG-SECRET-3" },
  ])("a secret without a URL around it is cut out: $text", ({ text, secret }) => {
    expect(redactText(text)).not.toContain(secret);
  });

  test("long text is cut to the limit", () => {
    expect(redactText("x".repeat(500), 50)).toHaveLength(50);
  });
});

describe("cleanError keeps a browser code or a short message with no secret in it", () => {
  test.each([
    "net::ERR_NAME_NOT_RESOLVED",
    "net::ERR_HTTP2_PROTOCOL_ERROR",
    "NS_ERROR_UNKNOWN_HOST",
    "NS_BINDING_ABORTED",
    "SEC_ERROR_UNKNOWN_ISSUER",
    "MOZILLA_PKIX_ERROR_MITM_DETECTED",
  ])("%s is a browser code and stays as it is", (code) => {
    expect(cleanError(code)).toBe(code);
  });

  test("every error string the classifier knows (codes and Firefox sentences) is kept as it is", () => {
    const known = [...FAILURE_TABLE.map((rule) => rule.error), NO_RESPONSE_ERROR];
    expect(known.length).toBeGreaterThan(100);
    expect(known.filter((error) => cleanError(error) !== error)).toEqual([]);
  });

  test.each([
    "Peer\u2019s Certificate issuer is not recognized.",
    "The connection was reset.",
    "proxy said /C TLS/SSL failed",
  ])("a plain sentence stays: %s", (text) => {
    expect(cleanError(text)).toBe(text);
  });

  // Each secret below survived into every report format before (HAR `_error`, free text).
  test.each([
    {
      text: "client_secret=CLIENTSECRET2 api_key=APIKEY3 apikey=APIKEY4 AccountKey=ACCOUNTKEY5== pwd=PWD6 sas_token=SASTOKEN7",
      secrets: ["CLIENTSECRET2", "APIKEY3", "APIKEY4", "ACCOUNTKEY5", "PWD6", "SASTOKEN7"],
    },
    {
      text: "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=CONNSTRKEY8==;EndpointSuffix=core.windows.net",
      secrets: ["CONNSTRKEY8", "AccountName=acct"],
    },
    { text: "Authorization: Negotiate NEGOTIATE9 Cookie: ai_session=COOKIE10", secrets: ["NEGOTIATE9", "COOKIE10"] },
    {
      text: "eyJhbGciOiJSUzI1NiJ9.eyJvaWQiOiJPSUQxMiJ9.JWTSIG12 user john.doe@contoso.com oid 0b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e",
      secrets: ["eyJ", "JWTSIG12", "john.doe", "contoso.com", "0b1c2d3e"],
    },
    {
      text: "GET /subscriptions/SUB-0000-1111/resourceGroups/RG13/providers/Microsoft.MachineLearningServices/workspaces/WS14/jobs",
      secrets: ["SUB-0000", "RG13", "WS14"],
    },
    { text: "see //acct.blob.core.windows.net/private/PATH15?se=1", secrets: ["PATH15", "private"] },
    { text: "at https://host'/PRIVATEPATH16?x=1", secrets: ["PRIVATEPATH16"] },
    {
      text: "bearer:COLON23 authorization=AUTHZ24 sig%3DENCSIG29 signature=SIGNATURE33",
      secrets: ["COLON23", "AUTHZ24", "ENCSIG29", "SIGNATURE33"],
    },
    { text: "Set-Cookie: .AspNetCore.Cookies=ASPCOOKIE35; path=/", secrets: ["ASPCOOKIE35"] },
    { text: "AKIAIOSFODNN7EXAMPLE27", secrets: ["AKIAIOSFODNN7EXAMPLE27"] },
    { text: "NET_ERR_WITH_SECRET_ABCDEF0123456789SECRET28", secrets: ["SECRET28"] },
    { text: "x\u202Eevil\u202C ok", secrets: ["\u202E"] },
  ])("nothing of the secret survives: $text", ({ text, secrets }) => {
    const out = cleanError(text);
    for (const secret of secrets) expect(out, secret).not.toContain(secret);
  });

  test("the message keeps its words around what it removes", () => {
    expect(cleanError("proxy denied: Authorization: Bearer abc.def token=T3 for user@contoso.com")).toBe(
      "proxy denied: Authorization: Bearer [redacted] token=[redacted] for [email]",
    );
  });
});

/*
 * Hostile input, sized so that the quadratic patterns redaction used before take minutes (the old
 * URL pattern took 50 s on 200,000 letters followed by `: x://y`; each pattern below had the same
 * shape: an unanchored run retried from every character). The assertions are on the result; with
 * linear patterns each case takes milliseconds, with the old ones it outlasts the test timeout.
 */
describe("redaction is linear in the length of hostile text", () => {
  const n = 200_000;
  test.each([
    {
      title: "a long word before a URL (scheme retried at every letter)",
      text: `${"a".repeat(n)}: x://y/z`,
      expected: /^a{190,199}…$/,
    },
    { title: "a long word and no `=` (name=value retried)", text: `${"k".repeat(n)} x`, expected: /^k{190,199}…$/ },
    { title: "a long word and no `@` (e-mail retried)", text: `${"u".repeat(n)}.x`, expected: /^u{190,199}…$/ },
    { title: "a long run of slashes", text: "/".repeat(n), expected: /^\[path\]$/ },
    { title: "a long run of colons and quotes", text: `key${'":'.repeat(n / 2)}`, expected: /^key/ },
    { title: "many short URLs", text: "h://a/x ".repeat(n / 8), expected: /^h:\/\/a h:\/\/a /u },
    { title: "a long base64 word", text: `${"Ab1+".repeat(n / 4)} end`, expected: /^\[redacted\] end$/ },
  ])("$title", ({ text, expected }) => {
    expect(redactText(text)).toMatch(expected);
    expect(cleanError(text)).toMatch(expected);
  });
});

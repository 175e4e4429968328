import { describe, expect, test } from "vitest";
import { redactText, redactUrl } from "../../src/core/redact.js";

describe("redactUrl keeps scheme, host and port only", () => {
  test.each([
    { url: "https://westeurope.api.azureml.ms/history/v1.0/runs?sig=abc#x", out: "https://westeurope.api.azureml.ms" },
    { url: "wss://ci1.westeurope.instances.azureml.ms:8787/terminal?token=t", out: "wss://ci1.westeurope.instances.azureml.ms:8787" },
    { url: "wss://ci1.westeurope.instances.azureml.ms:443/terminal", out: "wss://ci1.westeurope.instances.azureml.ms" },
    { url: "http://Example.COM:80/", out: "http://example.com" },
    { url: "https://user:secret@acct.blob.core.windows.net/c/b?sv=1&sig=S", out: "https://acct.blob.core.windows.net" },
    { url: "https://login.microsoftonline.com/common/oauth2/authorize?code=C", out: "https://login.microsoftonline.com" },
    { url: "https://host.example.:8443", out: "https://host.example:8443" },
    { url: "https://[2001:db8::1]:8443/x", out: "https://[2001:db8::1]:8443" },
    { url: "https://10.1.2.3/x", out: "https://10.1.2.3" },
    { url: "https://a.example\\evil.example/x", out: "https://a.example" },
  ])("$url → $out", ({ url, out }) => {
    expect(redactUrl(url)).toBe(out);
  });

  test.each(["", "not a url", "/relative/path", "https://", "https://exa mple.com/", "https://host:99999/", "1https://x"])(
    "%j is not an absolute URL",
    (url) => {
      expect(redactUrl(url)).toBeUndefined();
    },
  );
});

describe("redactText", () => {
  test("URLs, bearer tokens and key=value secrets are cut out of free text", () => {
    const out = redactText("failed https://acct.blob.core.windows.net/c/b?sig=S1 Authorization: Bearer eyJ.abc.def code=C2 token=T3");
    expect(out).toBe("failed https://acct.blob.core.windows.net Authorization: Bearer [redacted] code=[redacted] token=[redacted]");
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

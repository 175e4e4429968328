/**
 * Certificates made at run time with openssl: a test CA whose leaf Chromium trusts through
 * `--ignore-certificate-errors-spki-list`, and a second CA, never trusted, standing in for a
 * TLS-intercepting corporate proxy. See docs/reference/chromium-network-failures.md, pitfall 6:
 * the allow list must hold the LEAF's SPKI hash, the CA's does not help.
 */
import { execFileSync } from "node:child_process";
import { createHash, X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface KeyPair {
  key: string;
  cert: string;
}

export interface TestCertificates {
  /** Leaf for every simulated host, signed by the test CA; its SPKI is in `spki`. */
  trusted: KeyPair;
  /** Leaf for the intercepted hosts, signed by an untrusted CA. */
  intercepting: KeyPair;
  /** PEM of the test CA that signed `trusted`: Firefox trusts the CA itself, imported with certutil. */
  caCert: string;
  /** Base64 SHA-256 of the trusted leaf's SubjectPublicKeyInfo. */
  spki: string;
  dispose(): void;
}

const OPENSSL = process.env.OPENSSL ?? "openssl";

function openssl(args: string[], cwd: string): void {
  execFileSync(OPENSSL, args, { cwd, stdio: ["ignore", "ignore", "pipe"] });
}

function makeCa(dir: string, name: string, subject: string): void {
  openssl(
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-keyout",
      `${name}.key`,
      "-out",
      `${name}.crt`,
      "-days",
      "2",
      "-subj",
      subject,
      "-addext",
      "basicConstraints=critical,CA:TRUE",
      "-addext",
      "keyUsage=critical,keyCertSign,cRLSign",
    ],
    dir,
  );
}

function makeLeaf(dir: string, name: string, ca: string, hosts: string[]): KeyPair {
  openssl(
    [
      "req",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-keyout",
      `${name}.key`,
      "-out",
      `${name}.csr`,
      "-subj",
      `/CN=${hosts[0]}`,
    ],
    dir,
  );
  writeFileSync(
    join(dir, `${name}.ext`),
    [
      `subjectAltName=${hosts.map((h) => `DNS:${h}`).join(",")}`,
      "basicConstraints=CA:FALSE",
      "keyUsage=critical,digitalSignature",
      "extendedKeyUsage=serverAuth",
    ].join("\n"),
  );
  openssl(
    [
      "x509",
      "-req",
      "-in",
      `${name}.csr`,
      "-CA",
      `${ca}.crt`,
      "-CAkey",
      `${ca}.key`,
      "-CAcreateserial",
      "-out",
      `${name}.crt`,
      "-days",
      "2",
      "-extfile",
      `${name}.ext`,
    ],
    dir,
  );
  return {
    key: readFileSync(join(dir, `${name}.key`), "utf8"),
    cert: readFileSync(join(dir, `${name}.crt`), "utf8"),
  };
}

/** Base64 SHA-256 of a certificate's SubjectPublicKeyInfo, the form Chromium's SPKI list takes. */
export function spkiHash(certPem: string): string {
  const der = new X509Certificate(certPem).publicKey.export({ type: "spki", format: "der" });
  return createHash("sha256").update(der).digest("base64");
}

/** Makes both CAs and leaves in a fresh temp dir; `dispose()` removes it. */
export function createCertificates(hosts: string[], interceptedHosts: string[]): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), "amlnd-certs-"));
  try {
    makeCa(dir, "test-ca", "/CN=AML Network Doctor test CA");
    makeCa(dir, "intercept-ca", "/CN=Corporate TLS Inspection CA (untrusted)");
    const trusted = makeLeaf(dir, "leaf", "test-ca", hosts);
    const intercepting = makeLeaf(dir, "intercepted", "intercept-ca", interceptedHosts);
    return {
      trusted,
      intercepting,
      caCert: readFileSync(join(dir, "test-ca.crt"), "utf8"),
      spki: spkiHash(trusted.cert),
      dispose: () => rmSync(dir, { recursive: true, force: true }),
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

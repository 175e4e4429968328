/**
 * `dns` against a real DNS server on loopback (dns2), through Node's own resolver: CNAME chains
 * through privatelink. names, split answers, NXDOMAIN and SERVFAIL.
 */
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { main } from "../../src/cli/main.js";
import { nodeResolver } from "../../src/cli/node-resolver.js";
import { buildHar, chromeEntry } from "../fixtures/har/build-har.js";
import { fakeIo, type FakeIo } from "./fake-io.js";

const require = createRequire(import.meta.url);
const dns2 = require("dns2") as typeof import("dns2");
const { Packet } = dns2;

const API = "0000-1111.workspace.westeurope.api.azureml.ms";
const NB = "ml-ws-westeurope-0000.westeurope.notebooks.azure.net";
const BLOB = "wsstore.blob.core.windows.net";
const BLOB_PUBLIC = "otherstore.blob.core.windows.net";
const CI = "ci1.westeurope.instances.azureml.ms";

/** name → CNAME target, or its addresses. */
const ZONE: Record<string, { cname?: string; a?: string[]; aaaa?: string[]; servfail?: boolean }> = {
  [API]: { cname: "0000-1111.workspace.westeurope.privatelink.api.azureml.ms" },
  "0000-1111.workspace.westeurope.privatelink.api.azureml.ms": { a: ["10.0.0.5"] },
  // The split: the notebooks name goes through the privatelink zone, but this resolver only knows the public answer.
  [NB]: { cname: "ml-ws-westeurope-0000.westeurope.privatelink.notebooks.azure.net" },
  "ml-ws-westeurope-0000.westeurope.privatelink.notebooks.azure.net": { cname: "nb-westeurope.cloudapp.azure.com" },
  "nb-westeurope.cloudapp.azure.com": { a: ["20.50.1.2"], aaaa: ["2603:1020:200::4"] },
  [BLOB]: { cname: "wsstore.privatelink.blob.core.windows.net" },
  "wsstore.privatelink.blob.core.windows.net": { a: ["10.0.0.6"] },
  [BLOB_PUBLIC]: { cname: "blob.ams23prdstr02a.store.core.windows.net" },
  "blob.ams23prdstr02a.store.core.windows.net": { a: ["20.60.1.1"] },
  [CI]: { a: ["10.0.0.7"], aaaa: ["fd00::7"] },
  "broken.westeurope.api.azureml.ms": { servfail: true },
};

let server: ReturnType<typeof dns2.createServer>;
let address = "";

beforeAll(async () => {
  server = dns2.createServer({
    udp: true,
    handle: (request, send) => {
      const response = Packet.createResponseFromRequest(request);
      const question = request.questions[0]!;
      const name = question.name.toLowerCase();
      const record = ZONE[name];
      if (!record) {
        response.header.rcode = Packet.RCODE.NXDOMAIN;
        void send(response);
        return;
      }
      if (record.servfail) {
        response.header.rcode = Packet.RCODE.SERVFAIL;
        void send(response);
        return;
      }
      const base = { class: Packet.CLASS.IN, ttl: 60 };
      // dns2's typings want Resource instances; its encoder takes plain records (see its README).
      const answers = response.answers as unknown as Array<Record<string, unknown>>;
      if (question.type === Packet.TYPE.CNAME) {
        if (record.cname) answers.push({ ...base, name, type: Packet.TYPE.CNAME, domain: record.cname });
        void send(response);
        return;
      }
      // A and AAAA as a recursive resolver answers them: the whole chain, then the addresses.
      let current = name;
      let at = record;
      while (at.cname) {
        answers.push({ ...base, name: current, type: Packet.TYPE.CNAME, domain: at.cname });
        current = at.cname;
        at = ZONE[current]!;
      }
      const wanted = question.type === Packet.TYPE.A ? at.a : question.type === Packet.TYPE.AAAA ? at.aaaa : undefined;
      for (const ip of wanted ?? []) answers.push({ ...base, name: current, type: question.type, address: ip });
      void send(response);
    },
  });
  await server.listen({ udp: { port: 0, address: "127.0.0.1" } });
  address = `127.0.0.1:${(server.addresses().udp as { port: number }).port}`;
});

afterAll(async () => {
  await server.close();
});

function io(files: Record<string, string> = {}): FakeIo {
  const fake = fakeIo(files);
  fake.resolver = nodeResolver;
  return fake;
}

async function dns(
  args: string[],
  files: Record<string, string> = {},
): Promise<{ code: number; out: string; err: string; json: () => Array<Record<string, unknown>> }> {
  const fake = io(files);
  const code = await main(["dns", ...args], fake);
  return { code, out: fake.out, err: fake.err, json: () => JSON.parse(fake.out) as Array<Record<string, unknown>> };
}

describe("dns", () => {
  test("split DNS: the notebooks name runs through privatelink. to a public address: public-privatelink, exit 3", async () => {
    const r = await dns([API, NB, "--server", address, "--format", "json"]);
    expect(r.code).toBe(3);
    expect(r.json()).toEqual([
      {
        host: API,
        entry: "api",
        cnames: ["0000-1111.workspace.westeurope.privatelink.api.azureml.ms"],
        addresses: ["10.0.0.5"],
        verdict: "private",
        zone: "api.azureml.ms",
      },
      {
        host: NB,
        entry: "notebooks",
        cnames: [
          "ml-ws-westeurope-0000.westeurope.privatelink.notebooks.azure.net",
          "nb-westeurope.cloudapp.azure.com",
        ],
        addresses: ["20.50.1.2", "2603:1020:200::4"],
        verdict: "public-privatelink",
        zone: "notebooks.azure.net",
      },
    ]);
  });

  test("every private-link host private (IPv4 and IPv6 unique local): consistent, exit 0", async () => {
    const r = await dns([API, BLOB, CI, "--server", address]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`${CI}  private: private address`);
    expect(r.out).toContain("The answers are consistent.");
  });

  test("private and public answers mixed among private-link hosts: exit 3, and the zone to forward in words (ja)", async () => {
    const r = await dns([API, BLOB_PUBLIC, "--server", address, "--lang", "ja"]);
    expect(r.code).toBe(3);
    expect(r.out).toContain(`${BLOB_PUBLIC}  public: パブリック IP アドレス`);
    expect(r.out).toContain(
      "DNS ゾーン blob.core.windows.net を Azure DNS へ転送してください（レコードはプライベート ゾーン privatelink.blob.core.windows.net にあります）",
    );
  });

  test("--private-ranges decides what is private", async () => {
    const r = await dns([BLOB_PUBLIC, "--server", address, "--private-ranges", "20.60.0.0/16", "--format", "json"]);
    expect(r.json()[0]!.verdict).toBe("private");
    expect(r.code).toBe(0);
  });

  test("no such name is nxdomain; a server failure is error, exit 1", async () => {
    const missing = await dns(["missing.westeurope.api.azureml.ms", "--server", address, "--format", "json"]);
    expect(missing.json()[0]).toMatchObject({ verdict: "nxdomain", entry: "api", cnames: [], addresses: [] });
    expect(missing.code).toBe(0);
    const broken = await dns(["broken.westeurope.api.azureml.ms", "--server", address]);
    expect(broken.code).toBe(1);
    expect(broken.out).toContain("error: lookup failed (ESERVFAIL)");
  });

  test("--from a report: every catalog host it names", async () => {
    const report = JSON.stringify({
      schema: "aml-network-doctor/report@1",
      findings: [{ entry: "notebooks", hosts: [NB] }],
      reachable: [{ entry: "api", hosts: [API] }],
      network: { hosts: [{ host: CI }, { host: "cdn.example.com" }] },
    });
    const r = await dns(["--from", "report.json", "--server", address, "--format", "markdown"], {
      "report.json": report,
    });
    expect(r.code).toBe(3);
    expect(r.out).toContain(`| \`${NB}\` | public-privatelink |`);
    expect(r.out).toContain(`| \`${CI}\` | private |`);
    expect(r.out).not.toContain("cdn.example.com");
  });

  test("--from a HAR file: the catalog hosts of its requests", async () => {
    const har = buildHar([
      chromeEntry({ url: `https://${BLOB}/c/x?sig=S`, status: 200 }),
      chromeEntry({ url: "https://cdn.example.com/x", status: 200 }),
    ]);
    const r = await dns(["--from", "studio.har", "--server", address, "--format", "json"], { "studio.har": har });
    expect(r.json().map((x) => x.host)).toEqual([BLOB]);
    expect(r.code).toBe(0);
  });

  test.each([
    { args: [], message: "dns needs at least one host" },
    { args: ["a..b", "--server", "127.0.0.1"], message: "not a host name" },
    { args: [API, "--server", "dns.contoso.com"], message: "--server must be an IP address" },
    { args: [API, "--private-ranges", "10/8"], message: "--private-ranges" },
    { args: [API, "--format", "csv"], message: "--format must be one of" },
  ])("usage errors exit 2 with one line: $message", async ({ args, message }) => {
    const r = await dns(args);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
  });

  test("--from a file that is neither: the reason, in Japanese under --lang ja", async () => {
    const en = await dns(["--from", "notes.txt"], { "notes.txt": "{}" });
    expect(en.code).toBe(1);
    expect(en.err).toMatch(
      /^aml-network-doctor: notes\.txt is neither an aml-network-doctor report nor a HAR file: Not a HAR file/,
    );
    const ja = await dns(["--from", "notes.txt", "--lang", "ja"], { "notes.txt": "{}" });
    expect(ja.err).toMatch(
      /^aml-network-doctor: notes\.txt は aml-network-doctor のレポートでも HAR ファイルでもありません。HAR ファイルではありません/,
    );
  });

  test("--from an empty file says it is empty, once, in either language", async () => {
    const en = await dns(["--from", "notes.txt"], { "notes.txt": "" });
    expect(en.code).toBe(1);
    expect(en.err).toBe("aml-network-doctor: notes.txt is empty: there is nothing to read\n");
    const ja = await dns(["--from", "notes.txt", "--lang", "ja"], { "notes.txt": "" });
    expect(ja.err).toBe("aml-network-doctor: notes.txt は空のファイルです（読み込む内容がありません）\n");
  });

  test("an unreadable --from is exit 1 with one line", async () => {
    const r = await dns(["--from", "missing.json"]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^aml-network-doctor: cannot read missing\.json: ENOENT/);
  });
});

describe("diagnose --private-ranges", () => {
  const har = buildHar([
    chromeEntry({ url: `https://${API}/x`, status: 200, ip: "172.20.0.4" }),
    chromeEntry({ url: `https://${NB}/x`, status: 200, ip: "20.50.1.2" }),
  ]);
  test("the organisation's ranges decide which addresses are private", async () => {
    const fake = io({ "studio.har": har });
    expect(await main(["diagnose", "studio.har", "--format", "json", "--private-ranges", "172.20.0.0/16"], fake)).toBe(
      0,
    );
    const report = JSON.parse(fake.out) as { findings: Array<{ entry: string; failures: Array<{ kind: string }> }> };
    expect(report.findings.map((f) => `${f.entry} ${f.failures[0]!.kind}`)).toEqual(["notebooks private-dns"]);
  });
  test("a bad range is a usage error", async () => {
    const fake = io({ "studio.har": har });
    expect(await main(["diagnose", "studio.har", "--private-ranges", "172.20.0.1/16"], fake)).toBe(2);
    expect(fake.err).toContain("--private-ranges: 172.20.0.1/16 is not a network address");
  });
});

import { expect, test } from "vitest";
import { isProbeableHost } from "../../src/background/probes.js";

const cases: Array<{ host: string; probeable: boolean; why: string }> = [
  { host: "ci1.westeurope.instances.azureml.ms", probeable: true, why: "a catalog host" },
  { host: "files.contoso.example", probeable: true, why: "a name on the internet" },
  { host: "localhost", probeable: false, why: "this machine" },
  { host: "app.localhost", probeable: false, why: "this machine (RFC 6761)" },
  { host: "intranet", probeable: false, why: "a single label is an intranet short name" },
  { host: "printer.local", probeable: false, why: "mDNS (RFC 6762)" },
  { host: "router.home.arpa", probeable: false, why: "a home network (RFC 8375)" },
  { host: "jenkins.corp.internal", probeable: false, why: "ICANN's private-use name" },
  { host: "1.0.0.127.in-addr.arpa", probeable: false, why: "reverse DNS" },
  { host: "x.test", probeable: false, why: "reserved for tests (RFC 6761)" },
  { host: "0x7f.1", probeable: false, why: "the URL parser reads it as 127.0.0.1" },
  { host: "a.0x", probeable: false, why: "a hexadecimal last label is a number to the URL parser" },
  { host: "intranet.1", probeable: false, why: "a numeric last label makes it IPv4 to the URL parser" },
  { host: "x..example", probeable: false, why: "an empty label" },
];

test.each(cases)("$host: probeable $probeable ($why)", ({ host, probeable }) => {
  expect(isProbeableHost(host)).toBe(probeable);
});

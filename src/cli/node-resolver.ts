/** The CLI's DNS resolver: Node's own (c-ares), pointed at `--server` when given. No hand-written DNS client. */
import { Resolver } from "node:dns/promises";
import type { DnsResolver } from "../core/dns-check.js";

/** `server` as `setServers` takes it: `10.0.0.4`, `127.0.0.1:5353`, `[::1]:53`. Throws on a malformed address. */
export function nodeResolver(server?: string): DnsResolver {
  const resolver = new Resolver({ timeout: 3000, tries: 2 });
  if (server !== undefined) resolver.setServers([server]);
  return resolver;
}

/**
 * A forward proxy speaking HTTP CONNECT, as corporate proxies do for https and wss: it tunnels
 * allowed hosts, answers 403 for denied ones and 407 for hosts that need credentials, and resets
 * everything else (Chromium's own background traffic included, so runs stay hermetic).
 * The proxy resolves names itself: `--host-resolver-rules` does not apply to proxied hosts.
 */
import { connect, createServer, type AddressInfo, type Socket } from "node:net";

export type ProxyDecision =
  | { action: "tunnel"; port: number; address?: string }
  /** 403; with `until`, only once that promise settles (a slow proxy holding the CONNECT). */
  | { action: "deny"; until?: Promise<void> }
  | { action: "auth" }
  /** 404, as a proxy answers when it cannot resolve the host; Firefox reports NS_ERROR_UNKNOWN_HOST. */
  | { action: "not-found" }
  | { action: "reset" };

export interface ConnectProxy {
  address: string;
  port: number;
  /** `host:port` of every CONNECT received, newest last, with the decision taken. */
  log: { target: string; action: ProxyDecision["action"] }[];
  close(): Promise<void>;
}

const HEADER_END = "\r\n\r\n";

/** Starts the proxy on `address` (127.0.0.2 by default, so `details.ip` tells the proxy path apart). */
export async function startConnectProxy(
  decide: (host: string) => ProxyDecision,
  address = "127.0.0.2",
): Promise<ConnectProxy> {
  const log: ConnectProxy["log"] = [];
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    sockets.add(client);
    client.on("close", () => sockets.delete(client));
    client.on("error", () => undefined);
    let buffered = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      buffered = Buffer.concat([buffered, chunk]);
      const end = buffered.indexOf(HEADER_END);
      if (end < 0) return;
      client.off("data", onData);
      const head = buffered.subarray(0, end).toString("latin1");
      const rest = buffered.subarray(end + HEADER_END.length);
      const match = /^CONNECT ([^\s:]+):(\d+) HTTP\/1\.[01]\r\n/i.exec(head);
      if (!match) {
        client.resetAndDestroy();
        return;
      }
      const host = match[1]!.toLowerCase();
      const decision = decide(host);
      log.push({ target: `${host}:${match[2]}`, action: decision.action });
      switch (decision.action) {
        case "deny": {
          const refuse = (): void =>
            void client.end(
              "HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Length: 21\r\nConnection: close\r\n\r\nBlocked by IT policy.",
            );
          if (decision.until) void decision.until.then(refuse, refuse);
          else refuse();
          return;
        }
        case "auth":
          client.end(
            'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="corp"\r\n' +
              "Content-Length: 0\r\nConnection: close\r\n\r\n",
          );
          return;
        case "not-found":
          client.end("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
          return;
        case "reset":
          client.resetAndDestroy();
          return;
        case "tunnel": {
          const upstream = connect(decision.port, decision.address ?? "127.0.0.1", () => {
            client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
            if (rest.length > 0) upstream.write(rest);
            client.pipe(upstream);
            upstream.pipe(client);
          });
          sockets.add(upstream);
          upstream.on("close", () => {
            sockets.delete(upstream);
            client.destroy();
          });
          upstream.on("error", () => client.destroy());
          client.on("close", () => upstream.destroy());
          return;
        }
      }
    };
    client.on("data", onData);
  });
  await new Promise<void>((resolve) => server.listen(0, address, resolve));
  return {
    address,
    port: (server.address() as AddressInfo).port,
    log,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

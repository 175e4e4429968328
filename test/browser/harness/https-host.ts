/**
 * One HTTPS server on loopback that answers as ml.azure.com and as every simulated catalog host,
 * told apart by the Host header: the fake studio page on ml.azure.com, JSON with CORS headers on
 * the hosts that work, and WebSocket endpoints that accept or refuse the upgrade.
 *
 * TLS is terminated on a raw `net` socket so that `/ws/reset` can send a real TCP RST: Node's
 * `resetAndDestroy()` refuses a TLS server socket (docs/reference/chromium-network-failures.md, pitfall 13).
 */
import { readFileSync } from "node:fs";
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createNetServer, type AddressInfo, type Socket } from "node:net";
import { createSecureContext, TLSSocket } from "node:tls";
import { WebSocketServer } from "ws";
import type { KeyPair } from "./certificates.js";
import { HEALTH_PREFIX, handleHealthUpgrade } from "./websocket-health-server.js";

export interface ServedRequest {
  host: string;
  path: string;
  websocket: boolean;
  /** Epoch milliseconds. */
  time: number;
}

export interface HttpsHost {
  port: number;
  /** Every request and upgrade the server answered, newest last. */
  requests: ServedRequest[];
  close(): Promise<void>;
}

const SITE = new URL("./site/", import.meta.url);
const PAGES: Record<string, { type: string; body: Buffer }> = {
  "/": { type: "text/html; charset=utf-8", body: readFileSync(new URL("studio.html", SITE)) },
  "/studio.js": { type: "text/javascript; charset=utf-8", body: readFileSync(new URL("studio.js", SITE)) },
  "/worker.js": { type: "text/javascript; charset=utf-8", body: readFileSync(new URL("worker.js", SITE)) },
};
const STUDIO_HOST = "ml.azure.com";
const BLOCK_PAGE = "<html><body>Blocked by IT policy.</body></html>";
/** A 1×1 transparent PNG. */
const PIXEL = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=",
  "base64",
);

function hostOf(req: IncomingMessage): string {
  return (req.headers.host ?? "").replace(/:\d+$/, "").toLowerCase();
}

function answer(req: IncomingMessage, res: ServerResponse): void {
  const host = hostOf(req);
  const path = (req.url ?? "/").split("?")[0] ?? "/";
  const page = host === STUDIO_HOST ? PAGES[path] : undefined;
  if (page) {
    res.writeHead(200, { "content-type": page.type, "cache-control": "no-store" });
    res.end(page.body);
    return;
  }
  // Hosts that work answer with CORS headers, as the real services do for studio's origin;
  // `/nocors/…` leaves them out, so the page sees a CORS rejection although the server said 200.
  const cors: Record<string, string> = path.startsWith("/nocors")
    ? {}
    : { "access-control-allow-origin": req.headers.origin ?? "*", vary: "origin" };
  if (path === "/img.png") {
    res.writeHead(200, { ...cors, "content-type": "image/png", "cache-control": "no-store" });
    res.end(PIXEL);
    return;
  }
  // Azure's own refusals: `/azure/403/AuthorizationFailure` answers as Storage does,
  // with its request id and `x-ms-error-code`.
  const refusal = /^\/azure\/(\d{3})\/(\w+)$/.exec(path);
  if (refusal) {
    res.writeHead(Number(refusal[1]), {
      ...cors,
      "content-type": "application/xml",
      "x-ms-request-id": "5f0c1d2e-0000-4000-8000-000000000001",
      "x-ms-error-code": refusal[2]!,
    });
    res.end(`<?xml version="1.0" encoding="utf-8"?><Error><Code>${refusal[2]}</Code></Error>`);
    return;
  }
  const status = /^\/status\/(\d{3})$/.exec(path);
  const code = status ? Number(status[1]) : 200;
  res.writeHead(code, { ...cors, "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify({ host, ok: code < 400 }));
}

/** Starts the server on 127.0.0.1 (random port, unless `port` is given) with the given leaf. */
export async function startHttpsHost(pair: KeyPair, address = "127.0.0.1", port = 0): Promise<HttpsHost> {
  const requests: ServedRequest[] = [];
  const rawOf = new WeakMap<object, Socket>();
  const secureContext = createSecureContext({ key: pair.key, cert: pair.cert });
  const http = createHttpServer((req, res) => {
    requests.push({ host: hostOf(req), path: req.url ?? "/", websocket: false, time: Date.now() });
    answer(req, res);
  });
  const wss = new WebSocketServer({ noServer: true });
  wss.on("connection", (ws) => ws.on("error", () => undefined));

  http.on("upgrade", (req: IncomingMessage, socket: Socket, head: Buffer) => {
    requests.push({ host: hostOf(req), path: req.url ?? "/", websocket: true, time: Date.now() });
    socket.on("error", () => undefined);
    const path = (req.url ?? "/").split("?")[0];
    if (path === "/ws/403") {
      socket.end("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    } else if (path === "/ws/403-page") {
      // A proxy's HTML block page. Firefox ends this upgrade with an error, the empty 403 with onCompleted.
      socket.end(
        `HTTP/1.1 403 Forbidden\r\nContent-Type: text/html\r\nContent-Length: ${BLOCK_PAGE.length}\r\n\r\n${BLOCK_PAGE}`,
      );
    } else if (path === "/ws/200") {
      socket.end("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
    } else if (path === "/ws/reset") {
      const raw = rawOf.get(socket);
      if (raw) raw.resetAndDestroy();
      else socket.destroy();
    } else if (path?.startsWith(HEALTH_PREFIX)) {
      handleHealthUpgrade(req, socket, head, rawOf.get(socket));
    } else {
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req));
    }
  });

  const server = createNetServer((raw) => {
    raw.on("error", () => undefined);
    const tls = new TLSSocket(raw, { isServer: true, secureContext, ALPNProtocols: ["http/1.1"] });
    tls.on("error", () => undefined);
    rawOf.set(tls, raw);
    http.emit("connection", tls);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, address, () => resolve());
  });
  const sockets = new Set<Socket>();
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    close: async () => {
      for (const s of sockets) s.destroy();
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * The CLI's network adapter for `check`: one HTTPS request or WebSocket upgrade per target, direct
 * or through an HTTP proxy, with an extra CA and pinned addresses. Proxying is https-proxy-agent's
 * CONNECT (its `proxyConnect` event tells the proxy's answer from the host's), WebSockets are `ws`,
 * PAC files run in pac-resolver's QuickJS sandbox. No cookies or credentials are ever sent.
 */
import { request as httpsRequest, Agent as HttpsAgent, type RequestOptions } from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { lookup as dnsLookup } from "node:dns";
import { rootCertificates } from "node:tls";
import type { IncomingMessage } from "node:http";
import { HttpsProxyAgent } from "https-proxy-agent";
import { createPacResolver } from "pac-resolver";
import { QuickJS } from "quickjs-wasi";
import WebSocket from "ws";
import {
  isUpgradeAnswered,
  kindOfClientError,
  kindOfProxyAnswer,
  type CheckResult,
  type CheckTarget,
} from "../core/check-plan.js";
import { TOOL_NAME } from "../core/report-schema.js";
import { TOOL_VERSION } from "../version.js";

export type CheckRoute = { kind: "direct" } | { kind: "proxy"; url: string };

export interface CheckRequest {
  target: CheckTarget;
  route: CheckRoute;
  /** Extra CA certificates (PEM), trusted besides Node's own roots. */
  ca?: string;
  /** Host → address pins (`--resolve`), for the target when direct and for the proxy's name. */
  resolve: ReadonlyMap<string, string>;
  timeoutMs: number;
}

export type CheckAnswer = Omit<CheckResult, "target">;

/** What `check` needs from the network; tests use the real one against loopback servers. */
export interface CheckNetwork {
  check(request: CheckRequest): Promise<CheckAnswer>;
  /** A PAC file's FindProxyForURL, evaluated by a real PAC engine. */
  loadPac(source: string): Promise<(url: string, host: string) => Promise<string>>;
}

export interface NodeNetworkOptions {
  /** The port checked (443; tests point it at a loopback server). */
  port?: number;
  /** quickjs.wasm bytes, when they are not beside quickjs-wasi (the bundled CLI ships its own copy). */
  quickjsWasm?: Uint8Array;
}

function pinnedLookup(pins: ReadonlyMap<string, string>): LookupFunction {
  return ((hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    const pinned = pins.get(hostname.toLowerCase());
    if (pinned === undefined) return dnsLookup(hostname, options as never, callback as never);
    const family = isIP(pinned) === 6 ? 6 : 4;
    if (options?.all) callback(null, [{ address: pinned, family }]);
    else callback(null, pinned, family);
  }) as LookupFunction;
}

function codeOf(error: unknown): string {
  const e = error as { code?: unknown; message?: unknown };
  if (typeof e?.code === "string") return e.code;
  return typeof e?.message === "string" ? e.message : String(error);
}

export function createNodeNetwork(options: NodeNetworkOptions = {}): CheckNetwork {
  const port = options.port ?? 443;
  let quickjs: Promise<QuickJS> | undefined;
  return {
    async loadPac(source) {
      quickjs ??= options.quickjsWasm ? QuickJS.create({ wasm: options.quickjsWasm }) : QuickJS.create();
      const find = createPacResolver(await quickjs, source);
      return (url, host) => find(url, host);
    },
    check(request) {
      return new Promise<CheckAnswer>((resolve) => {
        const { target, route } = request;
        const start = Date.now();
        const lookup = pinnedLookup(request.resolve);
        const ca = request.ca ? [...rootCertificates, request.ca] : undefined;
        let proxyStatus: number | undefined;
        let address: string | undefined;
        let done = false;
        let cleanup: () => void = () => undefined;
        const finish = (answer: Omit<CheckAnswer, "ms" | "at">) => {
          if (done) return;
          done = true;
          clearTimeout(timer);
          cleanup();
          const at = Date.now();
          resolve({ ...answer, ...(address ? { address } : {}), ms: at - start, at });
        };
        const failWith = (error: unknown) => {
          const code = codeOf(error);
          const kind = kindOfClientError(code, { proxied: route.kind === "proxy", tunnelled: proxyStatus === 200 });
          finish({ outcome: target.websocket ? "websocket" : kind, error: code });
        };
        const timer = setTimeout(
          () =>
            finish({
              outcome: target.websocket ? "websocket" : "timeout",
              error: `no answer in ${Math.round(request.timeoutMs / 1000)} s`,
            }),
          request.timeoutMs,
        );

        const agent =
          route.kind === "proxy"
            ? new HttpsProxyAgent(route.url, { lookup, keepAlive: false })
            : new HttpsAgent({ keepAlive: false });
        if (agent instanceof HttpsProxyAgent) {
          agent.on("proxyConnect", (answer: { statusCode: number; statusText?: string }) => {
            proxyStatus = answer.statusCode;
            if (answer.statusCode !== 200) {
              const error = `HTTP ${answer.statusCode} from the proxy (CONNECT)`;
              finish({
                outcome: target.websocket ? "websocket" : kindOfProxyAnswer(answer.statusCode),
                error,
                status: answer.statusCode,
              });
            }
          });
        }
        const noteAddress = (socket: { remoteAddress?: string | undefined } | null | undefined) => {
          if (socket?.remoteAddress) address = socket.remoteAddress.replace(/^::ffff:/, "");
        };
        const headers = { "user-agent": `${TOOL_NAME}/${TOOL_VERSION} (check)` };
        const tls: RequestOptions = {
          ...(ca ? { ca } : {}),
          servername: target.host,
          ...(route.kind === "direct" ? { lookup } : {}),
        };

        if (target.websocket) {
          const ws = new WebSocket(`wss://${target.host}:${port}/`, {
            agent,
            headers,
            ...tls,
            handshakeTimeout: request.timeoutMs,
            followRedirects: false,
          });
          cleanup = () => ws.terminate();
          ws.on("upgrade", (res: IncomingMessage) => noteAddress(res.socket));
          ws.on("open", () => finish({ outcome: "reachable", status: 101 }));
          ws.on("unexpected-response", (_req, res: IncomingMessage) => {
            noteAddress(res.socket);
            const status = res.statusCode ?? 0;
            res.resume();
            if (isUpgradeAnswered(status)) finish({ outcome: "reachable", status });
            else finish({ outcome: "websocket", error: `HTTP ${status} to the upgrade`, status });
          });
          ws.on("error", failWith);
          return;
        }
        const req = httpsRequest(
          { host: target.host, port, path: "/", method: "GET", agent, headers, ...tls },
          (res) => {
            noteAddress(res.socket);
            const status = res.statusCode ?? 0;
            res.destroy();
            // Any answer from the host counts, 401/403/404 included: the network let the request through.
            finish({ outcome: "reachable", status });
          },
        );
        req.on("socket", (socket) => socket.once("connect", () => noteAddress(socket)));
        req.on("error", failWith);
        cleanup = () => req.destroy();
        req.end();
      });
    },
  };
}

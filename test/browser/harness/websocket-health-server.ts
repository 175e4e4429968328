/**
 * WebSocket endpoints for socket health after the handshake, under `/ws/health/` on the
 * simulated hosts (https-host.ts hands these upgrades here):
 * - `echo`: echoes every message (permessage-deflate on, so `extensions` is not empty);
 *   `echo-plain`: the same without compression (the benchmark's, so the server costs less);
 * - `sink`: reads and discards every message (the benchmark's in-page measurement);
 * - `idle-drop?after=MS`: echoes, and after MS without a message either way ends the TCP connection
 *   with a RST and no close frame, as Azure Firewall does after its idle timeout (4 minutes there);
 * - `close?code=N`: sends one message, then a close frame with code N (1000, 1001, or 1002 for a
 *   middlebox that ends connections with a protocol error);
 * - `bad-frame`: a text frame with RSV1 set although no extension was negotiated, which the browser
 *   cannot parse (a filter corrupting frames).
 */
import { createHash } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";

export const HEALTH_PREFIX = "/ws/health/";

const servers = {
  plain: new WebSocketServer({ noServer: true }),
  deflate: new WebSocketServer({ noServer: true, perMessageDeflate: true }),
};

function echo(ws: WebSocket, onTraffic: () => void = () => undefined): void {
  ws.on("error", () => undefined);
  ws.on("message", (data, binary) => {
    onTraffic();
    ws.send(binary ? data : data.toString(), { binary }, onTraffic);
  });
}

/** Ends the raw TCP connection with a RST, or destroys the socket when there is no raw one. */
function reset(raw: Socket | undefined, socket: Socket): void {
  if (raw && !raw.destroyed) raw.resetAndDestroy();
  else socket.destroy();
}

/** RFC 6455 §4.2.2: the accept key for a client key. */
function acceptKey(key: string): string {
  return createHash("sha1").update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest("base64");
}

/** Answers one upgrade under HEALTH_PREFIX; `raw` is the TCP socket under TLS, for a real RST. */
export function handleHealthUpgrade(req: IncomingMessage, socket: Socket, head: Buffer, raw: Socket | undefined): void {
  const url = new URL(req.url ?? "/", "https://x");
  const name = url.pathname.slice(HEALTH_PREFIX.length);
  if (name === "bad-frame") {
    const key = String(req.headers["sec-websocket-key"] ?? "");
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${acceptKey(key)}\r\n\r\n`,
    );
    // FIN + RSV1 + text opcode, 2 bytes of payload: RSV1 without permessage-deflate is a protocol error.
    setTimeout(() => socket.write(Buffer.from([0xc1, 0x02, 0x68, 0x69])), 200);
    return;
  }
  const wss = name === "echo" ? servers.deflate : servers.plain;
  wss.handleUpgrade(req, socket, head, (ws) => {
    if (name === "echo" || name === "echo-plain") return echo(ws);
    if (name === "sink") {
      ws.on("error", () => undefined);
      return;
    }
    if (name === "idle-drop") {
      const after = Number(url.searchParams.get("after") ?? "2000");
      let timer: NodeJS.Timeout | undefined;
      const arm = () => {
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => reset(raw, socket), after);
      };
      ws.on("close", () => timer && clearTimeout(timer));
      echo(ws, arm);
      arm();
      return;
    }
    if (name === "close") {
      ws.on("error", () => undefined);
      ws.send("bye soon");
      setTimeout(() => ws.close(Number(url.searchParams.get("code") ?? "1000")), 100);
      return;
    }
    ws.close(1008);
  });
}

/**
 * Loopback servers that fail the way corporate networks do: a port that resets every connection,
 * a black hole that accepts and never answers, and a port nobody listens on.
 */
import { createServer, type AddressInfo, type Server, type Socket } from "node:net";

export interface FaultServer {
  port: number;
  /** Bytes received so far (the black hole counts them: a TLS ClientHello means a request is waiting). */
  received?(): number;
  close(): Promise<void>;
}

async function listen(server: Server, address: string): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, address, resolve));
  return (server.address() as AddressInfo).port;
}

function tracked(server: Server): () => Promise<void> {
  const sockets = new Set<Socket>();
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  return async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
}

/** Sends a TCP RST as soon as a connection arrives (Chromium: `net::ERR_CONNECTION_RESET`). */
export async function startResetServer(address = "127.0.0.1"): Promise<FaultServer> {
  const server = createServer((socket) => {
    socket.on("error", () => undefined);
    socket.resetAndDestroy();
  });
  return { port: await listen(server, address), close: tracked(server) };
}

/** Accepts connections and never sends a byte: the request stays pending until swept as a timeout. */
export async function startBlackHole(address = "127.0.0.1"): Promise<FaultServer> {
  let received = 0;
  const server = createServer((socket) => {
    socket.on("error", () => undefined);
    socket.on("data", (chunk: Buffer) => void (received += chunk.length));
  });
  return { port: await listen(server, address), received: () => received, close: tracked(server) };
}

/** A port that was free a moment ago and is closed now (Chromium: `net::ERR_CONNECTION_REFUSED`). */
export async function reserveClosedPort(address = "127.0.0.1"): Promise<number> {
  const server = createServer();
  const port = await listen(server, address);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

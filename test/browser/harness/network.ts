/**
 * The simulated corporate network: every host a studio session talks to, what the network does to
 * it, and the servers and Chromium switches that make it so. Loopback only: 127.0.0.1 serves,
 * 127.0.0.2 and 127.0.0.3 are proxies; every other name fails DNS (hermetic catch-all).
 */
import { createCertificates, type TestCertificates } from "./certificates.js";
import { reserveClosedPort, startBlackHole, startResetServer, type FaultServer } from "./fault-servers.js";
import { startConnectProxy, type ConnectProxy, type ProxyDecision } from "./connect-proxy.js";
import { startHttpsHost, type HttpsHost } from "./https-host.js";

/** What the network does to a host when studio connects directly (no proxy). */
export type HostBehaviour = "serve" | "dns" | "intercept" | "refused" | "reset" | "blackhole";

/** The hosts of a studio session in West Europe, and failing neighbours of each catalog entry. */
export const HOSTS = {
  studio: "ml.azure.com",
  login: "login.microsoftonline.com",
  api: "westeurope.api.azureml.ms",
  notebooks: "ml-myws-westeurope-0a1b2c3d.westeurope.notebooks.azure.net",
  storage: "mystorage.blob.core.windows.net",
  compute: "ci1.westeurope.instances.azureml.ms",
  /** Failing DNS (api entry). */
  apiNoDns: "eastus.api.azureml.ms",
  /** Failing DNS for a WebSocket host (compute-instance entry). */
  computeNoDns: "ci2.eastus.instances.azureml.ms",
  /** Certificate from an untrusted CA: TLS inspection (storage entry). */
  storageIntercepted: "inspected.blob.core.windows.net",
  /** Connection refused (notebooks entry). */
  notebooksRefused: "ml-myws-eastus-0a1b2c3d.eastus.notebooks.azure.net",
  /** Connection reset (storage entry). */
  storageReset: "resetstore.blob.core.windows.net",
  /** Never answers (storage entry). */
  storageBlackHole: "slowstore.blob.core.windows.net",
} as const;

export const BEHAVIOUR: Record<string, HostBehaviour> = {
  [HOSTS.studio]: "serve",
  [HOSTS.login]: "serve",
  [HOSTS.api]: "serve",
  [HOSTS.notebooks]: "serve",
  [HOSTS.storage]: "serve",
  [HOSTS.compute]: "serve",
  [HOSTS.apiNoDns]: "dns",
  [HOSTS.computeNoDns]: "dns",
  [HOSTS.storageIntercepted]: "intercept",
  [HOSTS.notebooksRefused]: "refused",
  [HOSTS.storageReset]: "reset",
  [HOSTS.storageBlackHole]: "blackhole",
};

/** Proxy addresses; each must be EXCLUDEd from the resolver's catch-all (docs/reference/chromium-network-failures.md, pitfall 5). */
export const PROXY_ADDRESSES = ["127.0.0.2", "127.0.0.3"] as const;

export interface Target {
  address: string;
  port: number;
}

export interface SimulatedNetwork {
  certificates: TestCertificates;
  https: HttpsHost;
  /** The host that accepts and never answers. */
  blackHole: FaultServer;
  /** Where each host's connections go, or undefined when its name does not resolve. */
  targetOf(host: string): Target | undefined;
  /** Value for `--host-resolver-rules` (no quotes: docs/reference/chromium-network-failures.md, pitfall 4). */
  resolverRules: string;
  /** Starts a CONNECT proxy that applies `policy` to each host and tunnels to `targetOf`. */
  startProxy(policy: (host: string) => "allow" | "deny" | "auth" | "reset", address: string): Promise<ConnectProxy>;
  close(): Promise<void>;
}

/** Starts every server of the network on loopback; `close()` stops them all. */
export async function startSimulatedNetwork(): Promise<SimulatedNetwork> {
  const served = Object.keys(BEHAVIOUR).filter((h) => BEHAVIOUR[h] === "serve");
  const intercepted = Object.keys(BEHAVIOUR).filter((h) => BEHAVIOUR[h] === "intercept");
  const certificates = createCertificates(served, intercepted);
  const closers: (() => Promise<void>)[] = [async () => certificates.dispose()];
  try {
    const https = await startHttpsHost(certificates.trusted);
    closers.push(https.close);
    const interceptor = await startHttpsHost(certificates.intercepting);
    closers.push(interceptor.close);
    const reset: FaultServer = await startResetServer();
    closers.push(reset.close);
    const blackHole: FaultServer = await startBlackHole();
    closers.push(blackHole.close);
    const closedPort = await reserveClosedPort();

    const portOf: Record<Exclude<HostBehaviour, "dns">, number> = {
      serve: https.port,
      intercept: interceptor.port,
      refused: closedPort,
      reset: reset.port,
      blackhole: blackHole.port,
    };
    const targetOf = (host: string): Target | undefined => {
      const behaviour = BEHAVIOUR[host.toLowerCase()];
      if (behaviour === undefined || behaviour === "dns") return undefined;
      return { address: "127.0.0.1", port: portOf[behaviour] };
    };

    const rules = Object.entries(BEHAVIOUR).map(([host, behaviour]) =>
      behaviour === "dns" ? `MAP ${host} ~NOTFOUND` : `MAP ${host} 127.0.0.1:${portOf[behaviour]}`,
    );
    rules.push("MAP * ~NOTFOUND", "EXCLUDE localhost", "EXCLUDE 127.0.0.1");
    for (const address of PROXY_ADDRESSES) rules.push(`EXCLUDE ${address}`);

    const proxies: ConnectProxy[] = [];
    closers.push(async () => {
      await Promise.all(proxies.map((p) => p.close()));
    });
    return {
      certificates,
      https,
      blackHole,
      targetOf,
      resolverRules: rules.join(", "),
      async startProxy(policy, address) {
        const proxy = await startConnectProxy((host): ProxyDecision => {
          const verdict = policy(host);
          if (verdict !== "allow") return { action: verdict };
          const target = targetOf(host);
          // A proxy that cannot resolve the name refuses the tunnel, as Squid answers 503.
          return target ? { action: "tunnel", ...target } : { action: "deny" };
        }, address);
        proxies.push(proxy);
        return proxy;
      },
      close: async () => {
        for (const close of closers.reverse()) await close();
      },
    };
  } catch (error) {
    for (const close of closers.reverse()) await close();
    throw error;
  }
}

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Registry } from "prom-client";

/**
 * How long readiness may take in all: each check is bounded below this, so a probe with a 1 s
 * timeout always gets an answer, and a stalled store reads as "not ready" rather than as a hang.
 */
export const READINESS_BOUND_MS = 900;
/** How long one readiness check (the store's write probe) may take. */
export const CHECK_MS = 800;

/** What /readyz (and /healthz, its older name) reports for the bot: each check's state, and whether all are fine. */
export type HealthReport = {
  readonly ok: boolean;
  /** How interactions arrive: the gateway, or signed HTTP POSTs (then the gateway is "unused"). */
  readonly transport: "gateway" | "http";
  /** "starting": the process is up and has not logged in yet. */
  readonly gateway: "connected" | "disconnected" | "unused" | "starting";
  /** "read-only": reads answer, writes fail; "starting": the store is not opened yet. */
  readonly store: "reachable" | "unreachable" | "read-only" | "starting";
  readonly shards: readonly number[];
  readonly storeError?: string;
};

/** A readiness report: whether the process can do its work now, with whatever details explain it. */
export type Readiness = { readonly ok: boolean; readonly [detail: string]: unknown };

/** What the operator's routes answer from: the readiness checks and the metrics registry. */
export interface OpsRoutes {
  ready(): Promise<Readiness>;
  readonly registry: Registry;
}

const startedAt = Date.now();

function send(response: ServerResponse, status: number, type: string, body: string): void {
  response.writeHead(status, { "content-type": type, "cache-control": "no-store" });
  response.end(body);
}

const json = (response: ServerResponse, status: number, body: object) =>
  send(response, status, "application/json", `${JSON.stringify(body)}\n`);

/** Readiness, answered within READINESS_BOUND_MS whatever the checks do. */
function boundedReadiness(ready: () => Promise<Readiness>): Promise<Readiness> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Readiness>((resolve) => {
    timer = setTimeout(
      () => resolve({ ok: false, error: `the checks did not finish within ${READINESS_BOUND_MS} ms` }),
      READINESS_BOUND_MS,
    );
  });
  const checked = ready().catch((error: unknown) => ({ ok: false, error: String(error) }));
  return Promise.race([checked, late]).finally(() => clearTimeout(timer));
}

/**
 * The operator's routes, for any HTTP server: GET /livez (200 while the process runs: restart it
 * only if this fails), GET /readyz (200 or 503, JSON: send it work only while this is 200),
 * GET /healthz (the same as /readyz, its older name) and GET /metrics (Prometheus). Returns false
 * for any other path, so a server that does other work (the REST proxy) can go on with it.
 */
export function answerOps(request: IncomingMessage, response: ServerResponse, routes: OpsRoutes): boolean {
  const { pathname } = new URL(request.url ?? "/", "http://localhost");
  if (!["/livez", "/readyz", "/healthz", "/metrics"].includes(pathname)) return false;
  if (request.method !== "GET" && request.method !== "HEAD") {
    send(response, 405, "text/plain", "GET only\n");
    return true;
  }
  if (pathname === "/livez") {
    json(response, 200, {
      ok: true,
      pid: process.pid,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
    });
  } else if (pathname === "/metrics") {
    routes.registry.metrics().then(
      (text) => send(response, 200, routes.registry.contentType, text),
      (error: unknown) => send(response, 500, "text/plain", `${String(error)}\n`),
    );
  } else {
    void boundedReadiness(() => routes.ready()).then((report) =>
      json(response, report.ok ? 200 : 503, report),
    );
  }
  return true;
}

/** The bot's operator listener. */
export interface OpsServer {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Starts a listener for the operator's routes alone on `host:port` (127.0.0.1 unless the operator
 * says otherwise: nothing here is for the public). Readiness runs its checks on every request.
 */
export async function startOpsServer(
  options: { host: string; port: number } & OpsRoutes,
): Promise<OpsServer> {
  const server: Server = createServer((request, response) => {
    if (!answerOps(request, response, options))
      send(response, 404, "text/plain", "not found: try /livez, /readyz or /metrics\n");
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * The port a process serves health and metrics on. Under `npm run start:sharded` every shard is a
 * process of one host, so each takes HEALTH_PORT plus its shard id (shard 0 on HEALTH_PORT, shard 1
 * on the next port, ...); a process started on its own takes HEALTH_PORT. Port 0 stays 0 (any free port).
 */
export function healthPortOf(base: number, firstShard: number, underManager: boolean): number {
  return base === 0 || !underManager ? base : base + firstShard;
}

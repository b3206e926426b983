import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { BotMetrics } from "./metrics.ts";

/** What /healthz reports: each check's state, and whether all of them are fine. */
export interface HealthReport {
  readonly ok: boolean;
  /** How interactions arrive: the gateway, or signed HTTP POSTs (then the gateway is "unused"). */
  readonly transport: "gateway" | "http";
  readonly gateway: "connected" | "disconnected" | "unused";
  readonly store: "reachable" | "unreachable";
  readonly shards: readonly number[];
  readonly storeError?: string;
}

/** The operator's HTTP listener: GET /healthz (200 or 503, JSON) and GET /metrics (Prometheus). */
export interface OpsServer {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Starts the listener on `host:port` (127.0.0.1 unless the operator says otherwise: nothing here
 * is for the public). `health` runs the checks on every request, so a probe sees the state now.
 */
export async function startOpsServer(options: {
  host: string;
  port: number;
  health: () => Promise<HealthReport>;
  metrics: BotMetrics;
}): Promise<OpsServer> {
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    const send = (status: number, type: string, body: string) => {
      response.writeHead(status, { "content-type": type, "cache-control": "no-store" });
      response.end(body);
    };
    if (request.method !== "GET" && request.method !== "HEAD") return send(405, "text/plain", "GET only\n");
    if (url.pathname === "/healthz") {
      options.health().then(
        (report) => send(report.ok ? 200 : 503, "application/json", `${JSON.stringify(report)}\n`),
        (error: unknown) =>
          send(503, "application/json", `${JSON.stringify({ ok: false, error: String(error) })}\n`),
      );
      return;
    }
    if (url.pathname === "/metrics") {
      options.metrics.text().then(
        (text) => send(200, options.metrics.registry.contentType, text),
        (error: unknown) => send(500, "text/plain", `${String(error)}\n`),
      );
      return;
    }
    send(404, "text/plain", "not found: try /healthz or /metrics\n");
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

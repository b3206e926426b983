/**
 * `npm run rest-proxy`: one HTTP proxy in front of Discord's REST API (@discordjs/proxy), for a bot
 * that runs as several processes. Each process keeps its own rate-limit state, so on their own
 * they would share Discord's global limit (50 requests per second per bot) without knowing of one
 * another; pointed at this proxy (DISCORD_API_URL=http://host:port/api), every request goes
 * through one @discordjs/rest queue that keeps the per-route buckets and the global limit for
 * all of them. A request that would break a limit the proxy knows of (or that Discord answered
 * with a 429) is answered 429 with Retry-After at once, without reaching Discord; the bot process
 * that sent it waits and sends it again, as it does for Discord's own 429s. So during a global
 * limit nothing but what Discord exempts reaches Discord, from any process.
 *
 * The proxy holds no token: it forwards each process's Authorization header. Bind it to a private
 * address: anything that reaches it can call Discord with whatever token it sends.
 *
 * On the same port it answers the operator's GET /livez, /readyz (ready while it listens and is not
 * stopping) and /metrics (process metrics, requests by status, rate limits met); Discord's routes
 * all start with /api, so these never shadow one.
 */
import { createServer } from "node:http";
import { proxyRequests } from "@discordjs/proxy";
// The same (ES module) REST class @discordjs/proxy checks its errors against: discord.js's own
// re-export is the CommonJS build, whose RateLimitError the proxy would not recognise.
import { REST, RESTEvents } from "@discordjs/rest";
import { Counter, Registry } from "prom-client";
import { z } from "zod";
import { loadDotEnv } from "../config.ts";
import { createLogger } from "../log.ts";
import { answerOps } from "../ops/http.ts";
import { registerProcessMetrics } from "../ops/process-metrics.ts";

const EnvSchema = z.object({
  REST_PROXY_PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
  REST_PROXY_HOST: z.string().min(1).default("127.0.0.1"),
  REST_PROXY_UPSTREAM: z
    .url("must be a URL such as https://discord.com/api")
    .default("https://discord.com/api"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

function main(): void {
  loadDotEnv();
  const parsed = EnvSchema.safeParse(
    Object.fromEntries(Object.entries(process.env).filter(([, value]) => value !== "")),
  );
  if (!parsed.success) {
    console.error(
      `Invalid configuration:\n${parsed.error.issues.map((i) => `  - ${i.path.join(".")}: ${i.message}`).join("\n")}`,
    );
    process.exitCode = 1;
    return;
  }
  const env = parsed.data;
  const logger = createLogger(env.LOG_LEVEL, "rest-proxy");
  // No token of its own (each request carries its process's). Rate limits are answered with a 429,
  // never waited out here, and nothing is retried here: the request body is streamed through,
  // so it cannot be sent twice; the bot process that sent it retries (discord.js does).
  const rest = new REST({ api: env.REST_PROXY_UPSTREAM, rejectOnRateLimit: () => true, retries: 0 });
  rest.on(RESTEvents.RateLimited, (info) =>
    logger.warn(
      { route: info.route, global: info.global, retryAfterMs: info.retryAfter },
      "rate limited: answering 429 to every bot process on this route until it is over",
    ),
  );
  const registry = new Registry();
  registerProcessMetrics(registry);
  const requests = new Counter({
    name: "quiz_rest_proxy_requests_total",
    help: "Requests proxied, by the status answered to the bot process (429: held back by a rate limit).",
    labelNames: ["status"],
    registers: [registry],
  });
  const rateLimits = new Counter({
    name: "quiz_rest_proxy_rate_limited_total",
    help: "Times a rate limit (a route's or the global one) held requests back.",
    labelNames: ["global"],
    registers: [registry],
  });
  rest.on(RESTEvents.RateLimited, (info) => rateLimits.inc({ global: String(info.global) }));
  let stopping = false;
  const ready = async () => ({ ok: !stopping && server.listening, upstream: env.REST_PROXY_UPSTREAM });
  const handle = proxyRequests(rest);
  const server = createServer((request, response) => {
    if (answerOps(request, response, { registry, ready })) return;
    response.once("finish", () => requests.inc({ status: String(response.statusCode) }));
    Promise.resolve(handle(request, response)).catch((error: unknown) => {
      logger.error({ err: error, method: request.method, url: request.url }, "proxying a request failed");
      // The handler ends the response itself, answered or not: only a response left open is answered here.
      if (response.writableEnded) return;
      if (!response.headersSent) response.writeHead(502, { "content-type": "application/json" });
      response.end(JSON.stringify({ message: "the REST proxy could not reach Discord", code: 0 }));
    });
  });
  server.listen(env.REST_PROXY_PORT, env.REST_PROXY_HOST, () => {
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : env.REST_PROXY_PORT;
    logger.info(
      { host: env.REST_PROXY_HOST, port, upstream: env.REST_PROXY_UPSTREAM },
      `REST proxy listening: set DISCORD_API_URL=http://${env.REST_PROXY_HOST}:${port}/api in every bot process`,
    );
  });
  const stop = (signal: string) => {
    stopping = true;
    logger.info({ signal }, "REST proxy stopping");
    server.close(() => process.exit(0));
    server.closeAllConnections();
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
}

main();

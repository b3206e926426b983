/**
 * The REST half of the fake: parses requests to `/api/v10/...` (JSON or multipart with `payload_json`),
 * applies injected faults and bot-token auth, routes them, and records every call with its answer.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { apiError, type Reply, type Route, type RouteContext } from "./http.ts";
import { responseRoutes } from "./responses.ts";
import { routes } from "./routes.ts";
import type { FakeState } from "./state.ts";
import { DISCORD_REFUSALS, type RecordedCall, type RecordedFile } from "./types.ts";

interface CompiledRoute extends Route {
  regex: RegExp;
  names: string[];
}

function compile(route: Route): CompiledRoute {
  const names: string[] = [];
  const source = route.pattern
    .split("/")
    .map((part) => {
      if (part.startsWith(":")) {
        names.push(part.slice(1));
        return "([^/]+)";
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("/");
  return { ...route, regex: new RegExp(`^${source}$`), names };
}

// Literal segments (`/users/@me`) are listed before parameters (`/users/:userId`), so first match wins.
const table: CompiledRoute[] = [...routes, ...responseRoutes].map(compile);

const API_PREFIX = "/api/v10";

interface ParsedBody {
  body: unknown;
  files: RecordedFile[];
  error?: string;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks);
}

/** JSON bodies as-is; multipart bodies as discord.js sends files: `payload_json` plus `files[n]`. */
async function parseBody(request: IncomingMessage, raw: Buffer): Promise<ParsedBody> {
  if (raw.length === 0) return { body: null, files: [] };
  const type = request.headers["content-type"] ?? "";
  try {
    if (type.startsWith("multipart/form-data")) {
      const form = await new Response(raw, { headers: { "content-type": type } }).formData();
      const files: RecordedFile[] = [];
      let body: unknown = {};
      for (const [field, value] of form.entries()) {
        if (typeof value === "string") {
          if (field === "payload_json") body = JSON.parse(value);
        } else {
          files.push({
            field,
            name: value.name,
            size: value.size,
            contentType: value.type || "application/octet-stream",
            data: Buffer.from(await value.arrayBuffer()),
          });
        }
      }
      return { body, files };
    }
    return { body: JSON.parse(raw.toString("utf8")), files: [] };
  } catch (error) {
    return { body: null, files: [], error: error instanceof Error ? error.message : String(error) };
  }
}

/** Applies a pending `failNext` rule to this request, if one matches. */
function injectedFault(state: FakeState, method: string, path: string): Reply | undefined {
  const rule = state.faults.find(
    (f) => (f.method === undefined || f.method.toUpperCase() === method) && f.route.test(path),
  );
  if (!rule) return undefined;
  rule.remaining -= 1;
  if (rule.remaining <= 0) state.faults.splice(state.faults.indexOf(rule), 1);
  if (rule.status === 429) {
    const seconds = rule.retryAfter;
    const headers: Record<string, string> = {
      // Discord rounds the header up to whole seconds; the fake sends the configured value so tests stay fast.
      "retry-after": String(seconds),
      "x-ratelimit-scope": rule.global ? "global" : "user",
    };
    if (rule.global) {
      headers["x-ratelimit-global"] = "true";
    } else {
      headers["x-ratelimit-limit"] = "5";
      headers["x-ratelimit-remaining"] = "0";
      headers["x-ratelimit-reset"] = ((Date.now() + seconds * 1000) / 1000).toFixed(3);
      headers["x-ratelimit-reset-after"] = seconds.toFixed(3);
      headers["x-ratelimit-bucket"] = "fakebucket0000000000000000000000";
    }
    return {
      status: 429,
      headers,
      body: { message: "You are being rate limited.", retry_after: seconds, global: rule.global },
    };
  }
  if (rule.status === 403 || rule.status === 404) {
    const code = rule.code ?? (rule.status === 403 ? 50013 : 10008);
    return apiError(rule.status, code, DISCORD_REFUSALS[code]);
  }
  const text: Record<number, string> = {
    500: "500: Internal Server Error",
    502: "502: Bad Gateway",
    503: "503: Service Unavailable",
  };
  return { status: rule.status, body: { message: text[rule.status] ?? "Server Error", code: 0 } };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function send(response: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { ...reply.headers };
  if (reply.body === undefined || reply.status === 204) {
    response.writeHead(reply.status, headers);
    response.end();
    return;
  }
  const payload = JSON.stringify(reply.body);
  headers["content-type"] = "application/json";
  headers["content-length"] = String(Buffer.byteLength(payload));
  response.writeHead(reply.status, headers);
  response.end(payload);
}

/** Handles one HTTP request to the fake REST API. */
export async function handleRest(
  state: FakeState,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const at = Date.now();
  const method = (request.method ?? "GET").toUpperCase();
  const url = new URL(request.url ?? "/", "http://127.0.0.1");
  const query = Object.fromEntries(url.searchParams.entries());
  const raw = await readBody(request);
  const parsed = await parseBody(request, raw);
  // Decoded so records and `failNext` patterns read naturally (`/messages/@original`, not `%40original`).
  const pathname = safeDecode(url.pathname);
  const path = pathname.startsWith(`${API_PREFIX}/`) ? pathname.slice(API_PREFIX.length) : pathname;
  const requestText = `${method} ${path}`;

  let route: CompiledRoute | undefined;
  const params: Record<string, string> = {};
  if (pathname.startsWith(`${API_PREFIX}/`)) {
    for (const candidate of table) {
      if (candidate.method !== method) continue;
      const match = candidate.regex.exec(path);
      if (!match) continue;
      route = candidate;
      candidate.names.forEach((name, i) => {
        params[name] = match[i + 1] ?? "";
      });
      break;
    }
  }

  const ctx: RouteContext = {
    state,
    method,
    path,
    request: requestText,
    params,
    query,
    body: parsed.body,
    files: parsed.files,
  };
  let reply: Reply;
  let injected = false;
  const fault = route ? injectedFault(state, method, path) : undefined;
  if (!route) {
    state.violate(
      "route.unknown",
      `${method} ${pathname}: the fake has no such route (Discord would answer 404 too, unless the fake is missing it).`,
      { request: requestText },
    );
    reply = apiError(404, 0, "404: Not Found");
  } else if (fault) {
    injected = true;
    reply = fault;
  } else if (route.auth && request.headers.authorization !== `Bot ${state.token}`) {
    state.violate(
      "auth",
      `${requestText}: ${request.headers.authorization ? "wrong bot token" : "no Authorization header"}.`,
      { request: requestText },
    );
    reply = apiError(401, 0, "401: Unauthorized");
  } else if (parsed.error !== undefined) {
    state.violate("message.invalid", `${requestText}: the body is not valid JSON (${parsed.error}).`, {
      request: requestText,
    });
    reply = apiError(400, 50109, "The request body contains invalid JSON.");
  } else {
    try {
      reply = route.handle(ctx);
    } catch (error) {
      // A bug in the fake itself: answer 500 and make it visible rather than hanging the bot.
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      state.violate("route.unknown", `${requestText}: the fake crashed handling this request: ${message}`, {
        request: requestText,
      });
      reply = apiError(500, 0, "500: Internal Server Error");
    }
  }

  const call: RecordedCall = {
    method,
    path,
    route: route?.pattern ?? "unknown",
    query,
    body: parsed.body,
    files: parsed.files,
    status: reply.status,
    response: reply.body ?? null,
    at,
    injected,
  };
  state.calls.push(call);
  send(response, reply);
  state.changed();
}

import type { KeyObject } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import { z } from "zod";
import { checkSignature } from "./signature.ts";

/** The largest request body taken (Discord's interaction payloads are a few kilobytes). */
export const MAX_BODY_BYTES = 256 * 1024;

/** What every interaction delivery carries; the rest is read by discord.js's own structures. */
export const InteractionEnvelope = z.looseObject({
  id: z.string().regex(/^\d{1,20}$/, "must be a snowflake"),
  application_id: z.string().regex(/^\d{1,20}$/, "must be a snowflake"),
  type: z.number().int(),
  token: z.string().min(1),
});
export type InteractionEnvelope = z.infer<typeof InteractionEnvelope>;

/** Interaction type 1: Discord checking that the endpoint is there (and verifies signatures). */
const PING = 1;

/** The running endpoint. */
export interface InteractionsEndpoint {
  readonly port: number;
  /** Requests being answered now. */
  readonly open: number;
  /** Stops taking connections and waits (at most `limitMs`) for the responses still owed. */
  close(limitMs: number): Promise<void>;
}

/** A refusal with a short plain-text reason (nothing about the interaction is touched). */
class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function readCapped(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(request.headers["content-length"] ?? 0);
  if (declared > maxBytes) throw new Refusal(413, "body too large");
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw new Refusal(413, "body too large");
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * Discord's outgoing-webhook transport: an HTTP endpoint that takes signed interaction deliveries
 * on one path, answers PING itself, and answers every other interaction with the body `answer`
 * resolves to (its initial response). Anything unsigned, badly signed or replayed gets 401
 * before its body is even parsed.
 */
export async function startInteractionsEndpoint(options: {
  host: string;
  port: number;
  path: string;
  publicKey: KeyObject;
  logger: Logger;
  /** The initial response for an interaction, and a callback for when it is written. */
  answer: (
    interaction: InteractionEnvelope,
  ) => Promise<{ body: unknown; refused?: string | undefined; sent?: () => void }>;
  now?: () => number;
  maxBodyBytes?: number;
}): Promise<InteractionsEndpoint> {
  const now = options.now ?? Date.now;
  const maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
  let open = 0;
  const settledWaiters = new Set<() => void>();
  const sendText = (response: ServerResponse, status: number, text: string) => {
    response.writeHead(status, { "content-type": "text/plain", connection: "close" });
    response.end(`${text}\n`);
  };
  const serve = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    if (url.pathname !== options.path) return sendText(response, 404, "not found");
    if (request.method !== "POST") return sendText(response, 405, "POST only");
    const body = await readCapped(request, maxBodyBytes);
    const header = (name: string) => {
      const value = request.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const verdict = checkSignature({
      publicKey: options.publicKey,
      signature: header("x-signature-ed25519"),
      timestamp: header("x-signature-timestamp"),
      body,
      nowMs: now(),
    });
    if (verdict !== "ok") {
      options.logger.warn(
        { verdict, remote: request.socket.remoteAddress },
        "refused an unsigned interaction",
      );
      throw new Refusal(401, "invalid request signature");
    }
    let json: unknown;
    try {
      json = JSON.parse(body.toString("utf8"));
    } catch {
      throw new Refusal(400, "the body is not JSON");
    }
    const parsed = InteractionEnvelope.safeParse(json);
    if (!parsed.success) throw new Refusal(400, `not an interaction: ${z.prettifyError(parsed.error)}`);
    const reply = parsed.data.type === PING ? { body: { type: 1 } } : await options.answer(parsed.data);
    if ("refused" in reply && reply.refused !== undefined) throw new Refusal(409, reply.refused);
    const text = JSON.stringify(reply.body);
    if (reply.sent) {
      // What the handler sends next (an edit, a follow-up) must reach Discord after this response.
      const sent = reply.sent;
      response.once("finish", sent);
      response.once("close", sent);
    }
    response.writeHead(200, {
      "content-type": "application/json",
      "content-length": String(Buffer.byteLength(text)),
    });
    response.end(text);
  };
  const server: Server = createServer((request, response) => {
    open++;
    serve(request, response)
      .catch((error: unknown) => {
        if (response.headersSent) return;
        if (error instanceof Refusal) return sendText(response, error.status, error.message);
        options.logger.error({ err: error }, "the interactions endpoint failed on a request");
        sendText(response, 500, "internal error");
      })
      .finally(() => {
        open--;
        if (open === 0) for (const wake of settledWaiters) wake();
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    get open() {
      return open;
    },
    async close(limitMs) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (open > 0) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          new Promise<void>((resolve) => settledWaiters.add(resolve)),
          new Promise<void>((resolve) => {
            timer = setTimeout(resolve, limitMs);
          }),
        ]);
        clearTimeout(timer);
      }
      server.closeAllConnections();
      await closed;
    },
  };
}

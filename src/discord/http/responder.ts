import { DefaultRestOptions, MessageFlags, type ResponseLike } from "discord.js";
import type { Logger } from "pino";
import { z } from "zod";
import type { InteractionEnvelope } from "./endpoint.ts";

/**
 * How long after a delivery arrives the transport answers for a handler that has not: Discord
 * allows 3 s, network included, and the bot's own handlers defer by 1.5 s (ANSWER_BUDGET_MS).
 */
export const FALLBACK_MS = 2_500;

/** Interaction tokens (and the webhook behind them) last 15 minutes. */
const TOKEN_LIFETIME_MS = 15 * 60 * 1000;

const CALLBACK_URL = /^(.*)\/interactions\/(\d+)\/([^/?]+)\/callback(?:\?|$)/;

/** The initial response as discord.js sends it to the callback route. */
const CallbackBody = z.looseObject({
  type: z.number().int(),
  data: z.looseObject({ flags: z.number().int().optional() }).optional(),
});
type CallbackBody = z.infer<typeof CallbackBody>;

/** Response types (https://discord.com/developers/docs/interactions/receiving-and-responding). */
const Callback = {
  Reply: 4,
  DeferReply: 5,
  DeferUpdate: 6,
  Update: 7,
  Autocomplete: 8,
  Modal: 9,
} as const;
const AUTOCOMPLETE_INTERACTION = 4;

/** What the endpoint sends back for one delivery, and how it says the bytes are written. */
export interface Delivery {
  readonly body: unknown;
  /** Called once the HTTP response is written: what the handler sends next must come after it. */
  sent(): void;
}

interface Pending {
  readonly envelope: InteractionEnvelope;
  /** Answers the HTTP request (once). */
  deliver(body: unknown): Promise<void>;
  /** Set once the transport answered on the handler's behalf. */
  fellBack: boolean;
  timer: NodeJS.Timeout;
}

type MakeRequest = typeof DefaultRestOptions.makeRequest;
type RequestInit = Parameters<MakeRequest>[1];

const noContent = (): ResponseLike => new Response(null, { status: 204 }) as unknown as ResponseLike;
const alreadyAcknowledged = (): ResponseLike =>
  new Response(JSON.stringify({ message: "Interaction has already been acknowledged.", code: 40060 }), {
    status: 400,
    headers: { "content-type": "application/json" },
  }) as unknown as ResponseLike;

/** The JSON or multipart (`payload_json`) body of a request discord.js is about to make. */
async function callbackOf(init: RequestInit): Promise<{ body: CallbackBody; form?: FormData }> {
  const raw = init.body;
  if (raw instanceof FormData) {
    const payload = raw.get("payload_json");
    return { body: CallbackBody.parse(JSON.parse(typeof payload === "string" ? payload : "{}")), form: raw };
  }
  return { body: CallbackBody.parse(JSON.parse(typeof raw === "string" ? raw : "{}")) };
}

/** The same multipart request with another `payload_json` (the files stay as they are). */
function withPayload(form: FormData, payload: unknown): FormData {
  const next = new FormData();
  for (const [field, value] of form.entries()) {
    if (field === "payload_json") next.append(field, JSON.stringify(payload));
    else next.append(field, value);
  }
  return next;
}

/**
 * Turns discord.js's REST callback into the HTTP response of an interaction delivered over HTTP.
 * Its `makeRequest` goes in the REST options: a POST to /interactions/{id}/{token}/callback for a
 * delivery still waiting is answered here (its body becomes the HTTP response, discord.js gets the
 * 204 Discord would send), and every other request goes to Discord as usual.
 *
 * Two cases are routed through REST instead, since an HTTP response cannot carry them:
 * - a first response with files (multipart): the HTTP response defers (a private or public
 *   "thinking…" for a reply, a silent acknowledgement for an update) and the message with its
 *   files is then sent as the edit of @original, which is what Discord shows the same way;
 * - a handler that has not answered when FALLBACK_MS have passed: the transport defers for it
 *   (privately; autocomplete gets an empty list), and its late response is turned into what
 *   Discord still accepts: a reply becomes the edit of the deferred reply, an update edits the
 *   message and removes the "thinking…", a defer is already done; a late modal cannot be shown,
 *   and discord.js gets Discord's 40060 so the error boundary tells the user.
 */
export class HttpResponder {
  private readonly pending = new Map<string, Pending>();
  private readonly forward: MakeRequest;

  constructor(private readonly options: { logger: Logger; fallbackMs?: number; makeRequest?: MakeRequest }) {
    this.forward = options.makeRequest ?? DefaultRestOptions.makeRequest;
  }

  /** Deliveries waiting for their first response, or deferred by the transport and not yet answered. */
  get size(): number {
    return this.pending.size;
  }

  /** For the REST options: the callback interception described above. */
  readonly makeRequest: MakeRequest = async (url, init) => {
    const match = CALLBACK_URL.exec(url);
    const pending = match ? this.pending.get(match[2] as string) : undefined;
    if (!match || !pending || pending.envelope.token !== match[3]) return this.forward(url, init);
    this.pending.delete(pending.envelope.id);
    clearTimeout(pending.timer);
    const apiBase = match[1] as string;
    const { body, form } = await callbackOf(init);
    if (pending.fellBack) return this.late(pending, apiBase, body, form, init);
    if (!form) {
      await pending.deliver(body);
      return noContent();
    }
    // Files cannot ride in an HTTP response: defer, then send the message with its files by REST.
    const update = body.type === Callback.Update;
    const ephemeral = (body.data?.flags ?? 0) & MessageFlags.Ephemeral;
    await pending.deliver(
      update ? { type: Callback.DeferUpdate } : { type: Callback.DeferReply, data: { flags: ephemeral } },
    );
    const { flags: _flags, ...message } = body.data ?? {};
    return this.webhook(apiBase, pending, "PATCH", "@original", withPayload(form, message), init);
  };

  /**
   * Takes a verified delivery: `emit` hands it to discord.js (whose handler will call back), and
   * the returned promise resolves with what the HTTP response must carry.
   */
  arrive(envelope: InteractionEnvelope, emit: () => void): Promise<Delivery> {
    return new Promise<Delivery>((resolve) => {
      let answered = false;
      const deliver = (body: unknown) =>
        new Promise<void>((written) => {
          if (answered) return written();
          answered = true;
          resolve({ body, sent: written });
        });
      const pending: Pending = {
        envelope,
        deliver,
        fellBack: false,
        timer: setTimeout(() => this.fallBack(pending), this.options.fallbackMs ?? FALLBACK_MS),
      };
      this.pending.set(envelope.id, pending);
      try {
        emit();
      } catch (error) {
        this.options.logger.error({ err: error, id: envelope.id }, "could not build the interaction");
      }
    });
  }

  /** Forgets every waiting delivery (on shutdown, after the drain). */
  clear(): void {
    for (const pending of this.pending.values()) clearTimeout(pending.timer);
    this.pending.clear();
  }

  private fallBack(pending: Pending): void {
    const { envelope } = pending;
    this.options.logger.warn(
      { id: envelope.id, type: envelope.type },
      "no response within the budget: deferred on the handler's behalf",
    );
    pending.fellBack = true;
    void pending.deliver(
      envelope.type === AUTOCOMPLETE_INTERACTION
        ? { type: Callback.Autocomplete, data: { choices: [] } }
        : { type: Callback.DeferReply, data: { flags: MessageFlags.Ephemeral } },
    );
    // The handler has until the token expires to send its (late) response.
    pending.timer = setTimeout(() => this.pending.delete(envelope.id), TOKEN_LIFETIME_MS);
    pending.timer.unref();
  }

  private async late(
    pending: Pending,
    apiBase: string,
    body: CallbackBody,
    form: FormData | undefined,
    init: RequestInit,
  ): Promise<ResponseLike> {
    const { flags: _flags, ...message } = body.data ?? {};
    const payload = form ? withPayload(form, message) : JSON.stringify(message);
    switch (body.type) {
      case Callback.Reply:
        return this.webhook(apiBase, pending, "PATCH", "@original", payload, init);
      case Callback.Update: {
        const source = z.object({ message: z.object({ id: z.string() }) }).safeParse(pending.envelope);
        if (!source.success) return alreadyAcknowledged();
        const edited = await this.webhook(apiBase, pending, "PATCH", source.data.message.id, payload, init);
        void this.webhook(apiBase, pending, "DELETE", "@original", undefined, init).catch(() => {});
        return edited;
      }
      case Callback.Modal:
        return alreadyAcknowledged();
      default:
        // A defer (already done) or autocomplete choices (already answered, empty).
        return noContent();
    }
  }

  /** A request to the interaction's webhook, with discord.js's own headers (minus the body's type for multipart). */
  private async webhook(
    apiBase: string,
    pending: Pending,
    method: "PATCH" | "DELETE",
    messageId: string,
    body: string | FormData | undefined,
    init: RequestInit,
  ): Promise<ResponseLike> {
    const { application_id: app, token } = pending.envelope;
    const headers = new Headers(init.headers as ConstructorParameters<typeof Headers>[0]);
    if (body instanceof FormData || body === undefined) headers.delete("content-type");
    else headers.set("content-type", "application/json");
    headers.delete("content-length");
    const response = await this.forward(`${apiBase}/webhooks/${app}/${token}/messages/${messageId}`, {
      ...init,
      method,
      headers: Object.fromEntries(headers.entries()),
      body: body as RequestInit["body"],
    });
    // discord.js expects the callback's answer: a 204 when the edit went through, else the error.
    return response.status < 300 ? noContent() : response;
  }
}

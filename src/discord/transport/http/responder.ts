import { DefaultRestOptions, MessageFlags, type ResponseLike } from "discord.js";
import type { Logger } from "pino";
import { z } from "zod";
import { storeFailureOf } from "../../../app/store-failure.ts";
import { asLocale, t } from "../../../i18n/index.ts";
import { errorReference } from "../../interactions/boundary.ts";
import type { InteractionEnvelope } from "./endpoint.ts";

/**
 * How long after a delivery arrives the transport answers for a handler that has not: Discord
 * allows 3 s, network included, and the bot's own handlers defer by 1.5 s (ANSWER_BUDGET_MS).
 */
export const FALLBACK_MS = 2_500;

/** How long a delivered id's first answer is kept for a duplicate: past the 30 s signature window. */
const REMEMBER_MS = 60_000;

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
  /** Set when the delivery is refused (a replay): the endpoint answers 409 with this reason. */
  readonly refused?: string;
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

/** `@original` of an interaction webhook (edit, fetch or delete of the first response). */
const ORIGINAL_URL = /^(.*)\/webhooks\/(\d+)\/([^/?]+)\/messages\/(?:@original|%40original)(\?.*)?$/;

/**
 * Where the handler's reply went after the transport acknowledged a component silently: its
 * later edits of "the reply" (@original, which Discord now reads as the clicked message) go to
 * that follow-up instead, or create it first when the handler only deferred.
 */
interface Redirect {
  followUpId?: string;
  /** The flags of the handler's deferReply, for the follow-up its first edit becomes. */
  flags?: number;
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
 *   files is then sent as the edit of @original, which Discord shows the same way;
 * - a handler that has not answered when FALLBACK_MS have passed: the transport acknowledges for
 *   it, and its late response becomes what Discord still accepts. A command (or a form sent from
 *   a command) gets a private "thinking…": a late reply fills it in, a late defer is already done.
 *   A button (or a form sent from a message) gets a silent acknowledgement: a late update edits
 *   the message, a late reply or defer becomes a follow-up (and the handler's edits of its reply
 *   edit that follow-up). A late modal cannot be shown: discord.js gets Discord's 40060, so the
 *   error boundary tells the user. Autocomplete gets an empty list.
 */
export class HttpResponder {
  private readonly pending = new Map<string, Pending>();
  private readonly redirects = new Map<string, Redirect>();
  /** Each interaction id delivered lately, with the answer its first delivery got (or will get). */
  private readonly firstAnswers = new Map<string, { at: number; answer: Promise<Delivery> }>();
  private sweptAt = Date.now();
  private readonly forward: MakeRequest;

  constructor(private readonly options: { logger: Logger; fallbackMs?: number; makeRequest?: MakeRequest }) {
    this.forward = options.makeRequest ?? DefaultRestOptions.makeRequest;
  }

  /** Deliveries waiting for their first response, or acknowledged by the transport and not yet answered. */
  get size(): number {
    return this.pending.size;
  }

  /** For the REST options: the callback interception described above. */
  readonly makeRequest: MakeRequest = async (url, init) => {
    const original = this.redirects.size > 0 ? ORIGINAL_URL.exec(url) : null;
    const redirect = original ? this.redirects.get(original[3] as string) : undefined;
    if (original && redirect) return this.redirected(original, redirect, init);
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
    return this.send(
      `${apiBase}${webhookPath(pending)}/messages/@original`,
      "PATCH",
      withPayload(form, message),
      init,
    );
  };

  /**
   * Takes a verified delivery: `emit` hands it to discord.js (whose handler will call back), and
   * the returned promise resolves with what the HTTP response must carry. Each interaction acts
   * once: a second delivery of an id this process has seen gets the first one's answer (never
   * takes it away from the first), and an id that `claim` finds already taken in the store (acted
   * on by another worker, or before a restart) is refused with nothing emitted.
   */
  arrive(
    envelope: InteractionEnvelope,
    emit: () => void,
    claim: (id: string) => Promise<boolean> = async () => true,
  ): Promise<Delivery> {
    const seen = this.firstAnswers.get(envelope.id);
    if (seen) {
      this.options.logger.warn(
        { id: envelope.id },
        "a duplicate delivery of an interaction: given the first one's answer",
      );
      return seen.answer.then((delivery) => ({ ...delivery, sent: () => {} }));
    }
    const answer = this.firstDelivery(envelope, emit, claim);
    this.remembered(envelope.id, answer);
    return answer;
  }

  private async firstDelivery(
    envelope: InteractionEnvelope,
    emit: () => void,
    claim: (id: string) => Promise<boolean>,
  ): Promise<Delivery> {
    let first: boolean;
    try {
      first = await claim(envelope.id);
    } catch (error) {
      // Without the claim nothing may act (it could be a replay): the member is told to try again,
      // with a reference as every store failure the error boundary reports.
      const reference = errorReference();
      this.options.logger.warn(
        { err: error, id: envelope.id, reference },
        "could not record an interaction id: not acted on",
      );
      return {
        body: storeUnavailable(envelope, storeFailureOf(error) === "cannot-save", reference),
        sent: () => {},
      };
    }
    if (!first) {
      this.options.logger.warn({ id: envelope.id }, "refused an interaction already acted on (a replay)");
      return { refused: "this interaction was already received", body: null, sent: () => {} };
    }
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

  /** Keeps the first answer to each id for as long as a signed copy of it could still be accepted. */
  private remembered(id: string, answer: Promise<Delivery>): void {
    const at = Date.now();
    if (at - this.sweptAt > REMEMBER_MS) {
      this.sweptAt = at;
      for (const [key, entry] of this.firstAnswers)
        if (at - entry.at > REMEMBER_MS) this.firstAnswers.delete(key);
    }
    this.firstAnswers.set(id, { at, answer });
  }

  /** Forgets every waiting delivery (on shutdown, after the drain). */
  clear(): void {
    for (const pending of this.pending.values()) clearTimeout(pending.timer);
    this.pending.clear();
    this.redirects.clear();
  }

  private fallBack(pending: Pending): void {
    const { envelope } = pending;
    this.options.logger.warn(
      { id: envelope.id, type: envelope.type },
      "no response within the budget: acknowledged on the handler's behalf",
    );
    pending.fellBack = true;
    void pending.deliver(
      envelope.type === AUTOCOMPLETE_INTERACTION
        ? { type: Callback.Autocomplete, data: { choices: [] } }
        : onMessage(envelope)
          ? { type: Callback.DeferUpdate }
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
    const webhook = `${apiBase}${webhookPath(pending)}`;
    const { flags, ...message } = body.data ?? {};
    const payload = (data: object) => (form ? withPayload(form, data) : JSON.stringify(data));
    if (body.type === Callback.Modal) {
      // Refused, so the handler's next response (telling the user) is still this one's to translate.
      this.pending.set(pending.envelope.id, pending);
      return alreadyAcknowledged();
    }
    if (body.type === Callback.Autocomplete) return noContent();
    if (!onMessage(pending.envelope)) {
      // Acknowledged with a private "thinking…": a reply fills it in (an update cannot happen here).
      return body.type === Callback.Reply
        ? this.send(`${webhook}/messages/@original`, "PATCH", payload(message), init)
        : noContent();
    }
    // Acknowledged silently, as a deferUpdate: @original is the message the component is on.
    switch (body.type) {
      case Callback.Update:
        return this.send(`${webhook}/messages/@original`, "PATCH", payload(message), init);
      case Callback.Reply: {
        const redirect: Redirect = {};
        this.remember(pending.envelope.token, redirect);
        const sent = await this.forward(`${webhook}?wait=true`, {
          ...init,
          method: "POST",
          headers: headersFor(init, form ?? "json"),
          body: payload({ ...message, ...(flags === undefined ? {} : { flags }) }) as RequestInit["body"],
        });
        if (sent.status >= 300) return sent;
        redirect.followUpId = z.object({ id: z.string() }).parse(await sent.json()).id;
        return noContent();
      }
      case Callback.DeferReply:
        this.remember(pending.envelope.token, { ...(flags === undefined ? {} : { flags }) });
        return noContent();
      default:
        return noContent();
    }
  }

  private remember(token: string, redirect: Redirect): void {
    this.redirects.set(token, redirect);
    setTimeout(() => this.redirects.delete(token), TOKEN_LIFETIME_MS).unref();
  }

  /** A request for @original of an interaction whose reply is a follow-up (see Redirect). */
  private async redirected(
    match: RegExpExecArray,
    redirect: Redirect,
    init: RequestInit,
  ): Promise<ResponseLike> {
    const [, apiBase, app, token, query = ""] = match;
    const webhook = `${apiBase}/webhooks/${app}/${token}`;
    if (redirect.followUpId !== undefined)
      return this.forward(`${webhook}/messages/${redirect.followUpId}${query}`, init);
    if ((init.method ?? "GET").toUpperCase() !== "PATCH")
      return this.forward(`${webhook}/messages/@original${query}`, init);
    // The first edit of a deferred reply that never showed: it is posted as the follow-up.
    const raw = init.body;
    const withFlags = (data: Record<string, unknown>) => ({
      ...data,
      ...(redirect.flags === undefined ? {} : { flags: redirect.flags }),
    });
    let body: RequestInit["body"];
    if (raw instanceof FormData) {
      const payload = raw.get("payload_json");
      body = withPayload(raw, withFlags(JSON.parse(typeof payload === "string" ? payload : "{}")));
    } else body = JSON.stringify(withFlags(JSON.parse(typeof raw === "string" ? raw : "{}")));
    const sent = await this.forward(`${webhook}?wait=true`, { ...init, method: "POST", body });
    if (sent.status < 300) {
      const text = await sent.text();
      redirect.followUpId = z.object({ id: z.string() }).parse(JSON.parse(text)).id;
      return new Response(text, {
        status: 200,
        headers: { "content-type": "application/json" },
      }) as unknown as ResponseLike;
    }
    return sent;
  }

  /** A request to the interaction's webhook with discord.js's own headers; discord.js gets a 204 when it went through. */
  private async send(
    url: string,
    method: "PATCH",
    body: string | FormData,
    init: RequestInit,
  ): Promise<ResponseLike> {
    const response = await this.forward(url, {
      ...init,
      method,
      headers: headersFor(init, body instanceof FormData ? body : "json"),
      body: body as RequestInit["body"],
    });
    return response.status < 300 ? noContent() : response;
  }
}

/** The answer to an interaction that could not be recorded (the store did not answer): try again. */
function storeUnavailable(envelope: InteractionEnvelope, cannotWrite: boolean, reference: string): unknown {
  if (envelope.type === AUTOCOMPLETE_INTERACTION)
    return { type: Callback.Autocomplete, data: { choices: [] } };
  const locale = asLocale(typeof envelope.locale === "string" ? envelope.locale : "en");
  return {
    type: Callback.Reply,
    data: {
      content: t(locale, "error.withReference", {
        message: t(locale, cannotWrite ? "error.storeCannotWrite" : "error.storeUnavailable"),
        reference,
      }),
      flags: MessageFlags.Ephemeral,
      allowed_mentions: { parse: [] },
    },
  };
}

function webhookPath(pending: Pending): string {
  return `/webhooks/${pending.envelope.application_id}/${pending.envelope.token}`;
}

/** Whether the interaction came from a message (a component, or a form opened from one). */
function onMessage(envelope: InteractionEnvelope): boolean {
  return typeof envelope.message === "object" && envelope.message !== null;
}

/** discord.js's headers for a body of another kind (multipart sets its own boundary). */
function headersFor(init: RequestInit, body: FormData | "json"): Record<string, string> {
  const headers = new Headers(init.headers as ConstructorParameters<typeof Headers>[0]);
  headers.delete("content-length");
  if (body === "json") headers.set("content-type", "application/json");
  else headers.delete("content-type");
  return Object.fromEntries(headers.entries());
}

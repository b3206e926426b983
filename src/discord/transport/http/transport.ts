import { type APIInteraction, type Client, type REST, Routes } from "discord.js";
import type { Logger } from "pino";
import { z } from "zod";
import { type InteractionsEndpoint, startInteractionsEndpoint } from "./endpoint.ts";
import { HttpResponder } from "./responder.ts";
import { parsePublicKey } from "./signature.ts";

/**
 * How deliveries are gathered before they are handed to discord.js (see `listen`): a batch is
 * handed over once no delivery has come for BATCH_QUIET_MS, and at the latest BATCH_MAX_WAIT_MS
 * after its first one. Both are small beside Discord's 3 s. Measured with the end-to-end bench's
 * HTTP arm (500 clicks, SQLite): a fixed 2 ms window left a burst in many small commits (p99 about
 * 970 ms, 2.7 ms CPU per click in one run); waiting for a quiet gap gathers it into a few.
 */
export const BATCH_QUIET_MS = 2;
export const BATCH_MAX_WAIT_MS = 15;

/** Where the interactions endpoint listens, and the key Discord signs with. */
export interface HttpTransportOptions {
  readonly host: string;
  readonly port: number;
  readonly path: string;
  /** The application's Ed25519 public key, hex (the developer portal's "Public Key"). */
  readonly publicKey: string;
  readonly logger: Logger;
  /** When the transport defers for a handler that has not answered (default FALLBACK_MS). */
  readonly fallbackMs?: number;
  /** Records an interaction id in the store: false when it was already there (a replay). */
  readonly claim?: (id: string) => Promise<boolean>;
}

/** The part of discord.js that turns a gateway INTERACTION_CREATE into an Interaction and emits it. */
interface InteractionCreateAction {
  handle(data: APIInteraction): void;
}

/**
 * discord.js 14 builds interactions in `client.actions.InteractionCreate` (internal, untyped):
 * the same code the gateway's INTERACTION_CREATE runs, so an interaction delivered over HTTP
 * becomes the same ChatInputCommandInteraction, ButtonInteraction, … and reaches the same
 * `interactionCreate` listener and router.
 */
function interactionAction(client: Client): InteractionCreateAction {
  const actions = (client as unknown as { actions?: { InteractionCreate?: InteractionCreateAction } })
    .actions;
  const action = actions?.InteractionCreate;
  if (typeof action?.handle !== "function")
    throw new Error("this discord.js has no client.actions.InteractionCreate: the HTTP transport needs 14.x");
  return action;
}

/** Interactions over HTTP: the REST hook for the client's options, then the endpoint once the client exists. */
export interface HttpTransport {
  /** Goes in the Client's `rest` options (it captures each interaction's first response). */
  readonly makeRequest: HttpResponder["makeRequest"];
  /** Starts listening; interactions are emitted on `client` as the gateway would. */
  listen(client: Client): Promise<InteractionsEndpoint>;
  /** Deliveries waiting for their first response now. */
  readonly waiting: number;
  /** Forgets what is still waiting (after the shutdown drain). */
  clear(): void;
}

/** Creates the HTTP interactions transport (nothing listens until `listen`). */
export function createHttpTransport(options: HttpTransportOptions): HttpTransport {
  const publicKey = parsePublicKey(options.publicKey);
  const responder = new HttpResponder({
    logger: options.logger,
    ...(options.fallbackMs === undefined ? {} : { fallbackMs: options.fallbackMs }),
  });
  return {
    makeRequest: responder.makeRequest,
    get waiting() {
      return responder.size;
    },
    clear: () => responder.clear(),
    async listen(client) {
      const action = interactionAction(client);
      // Deliveries that arrive together (see BATCH_QUIET_MS) are handed to discord.js together, as the
      // gateway hands over the frames of one socket read: a burst of answers to one round then
      // reaches the store's group commit together (one write for many, not one each). Over HTTP
      // each click comes on its own connection, so without the window a burst arrives spread over
      // many turns of the event loop and SQLite, which commits synchronously, writes once per click.
      let batch: APIInteraction[] = [];
      let firstAt = 0;
      let timer: NodeJS.Timeout | undefined;
      const flush = () => {
        const due = batch;
        batch = [];
        timer = undefined;
        for (const data of due) {
          try {
            action.handle(data);
          } catch (error) {
            options.logger.error({ err: error, id: data.id }, "could not build the interaction");
          }
        }
      };
      const emit = (data: APIInteraction) => {
        batch.push(data);
        const now = performance.now();
        if (batch.length === 1) firstAt = now;
        // Another delivery: wait for the next quiet gap, but never past the first one's limit.
        clearTimeout(timer);
        timer = setTimeout(flush, Math.max(0, Math.min(BATCH_QUIET_MS, firstAt + BATCH_MAX_WAIT_MS - now)));
      };
      return startInteractionsEndpoint({
        host: options.host,
        port: options.port,
        path: options.path,
        publicKey,
        logger: options.logger,
        // The envelope was checked; the rest of the payload is read by discord.js's structures.
        answer: (envelope) =>
          responder.arrive(envelope, () => emit(envelope as unknown as APIInteraction), options.claim),
      });
    },
  };
}

const GuildPage = z.array(z.object({ id: z.string() }));

/**
 * The guilds the bot is in, from REST (GET /users/@me/guilds, 200 a page): without a gateway
 * there is no READY to list them, and the rounds to resume are theirs.
 */
export async function fetchGuildIds(rest: REST): Promise<Set<string>> {
  const ids = new Set<string>();
  let after: string | undefined;
  for (;;) {
    const query = new URLSearchParams({ limit: "200", ...(after ? { after } : {}) });
    const page = GuildPage.parse(await rest.get(Routes.userGuilds(), { query }));
    for (const guild of page) ids.add(guild.id);
    if (page.length < 200) return ids;
    after = page.at(-1)?.id;
  }
}

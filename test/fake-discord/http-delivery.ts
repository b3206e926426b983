/**
 * The fake's second transport: interactions delivered as Discord delivers them to an
 * "Interactions Endpoint URL", by a POST signed with the application's Ed25519 key, whose HTTP
 * response body is the initial response. That body is checked by the same code as a callback
 * sent over REST (responses.ts), so both transports meet the same rules and the same deadline.
 */
import { generateKeyPairSync, type KeyObject, sign } from "node:crypto";
import { type Agent, request as httpRequest } from "node:http";
import type { RouteContext } from "./http.ts";
import { markDispatched } from "./interactions.ts";
import { responseRoutes } from "./responses.ts";
import type { FakeState, InteractionRecord } from "./state.ts";

/** The application's signing key pair; `publicKey` is hex, as the developer portal shows it. */
export interface SigningKeys {
  readonly privateKey: KeyObject;
  readonly publicKey: string;
}

/** A fresh Ed25519 key pair for one fake. */
export function signingKeys(): SigningKeys {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  // SPKI DER of an Ed25519 key ends with the 32 raw key bytes.
  const raw = publicKey.export({ format: "der", type: "spki" }).subarray(-32);
  return { privateKey, publicKey: raw.toString("hex") };
}

/** The headers Discord sends with a delivery: the signature of timestamp + body. */
export function signedHeaders(
  privateKey: KeyObject,
  body: string,
  timestampSeconds = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const timestamp = String(timestampSeconds);
  return {
    "content-type": "application/json",
    "user-agent": "Discord-Interactions/1.0 (+https://discord.com)",
    "x-signature-ed25519": sign(null, Buffer.from(timestamp + body), privateKey).toString("hex"),
    "x-signature-timestamp": timestamp,
  };
}

const callbackRoute = responseRoutes.find((r) => r.pattern.endsWith("/callback"));

/** One POST with node:http (lighter than fetch when hundreds go out at once from the test process). */
function post(
  agent: Agent,
  url: string,
  headers: Record<string, string>,
  body: string,
): Promise<{ status: number; type: string; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method: "POST", agent, headers: { ...headers, "content-length": String(Buffer.byteLength(body)) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            type: String(res.headers["content-type"] ?? ""),
            text: Buffer.concat(chunks).toString("utf8"),
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/**
 * Plays back a delivery already sent, byte for byte (a captured request, or a duplicate on the
 * wire): its response is returned as is, and is not the interaction's initial response.
 */
export async function replayDelivery(
  record: InteractionRecord,
  target: { url: string; agent: Agent },
): Promise<{ status: number; text: string }> {
  if (!record.signed) throw new Error(`FakeDiscord: ${record.label} was not delivered over HTTP`);
  const { status, text } = await post(target.agent, target.url, record.signed.headers, record.signed.body);
  return { status, text };
}

/**
 * POSTs one interaction to the bot's endpoint and takes its HTTP response as the initial
 * response (recorded among the calls like a callback, with `via: "http-response"`). The deadline
 * starts when the POST is sent.
 */
export async function deliverOverHttp(
  state: FakeState,
  record: InteractionRecord,
  target: { url: string; keys: SigningKeys; agent: Agent },
): Promise<void> {
  const body = JSON.stringify(record.payload);
  const headers = signedHeaders(target.keys.privateKey, body);
  record.signed = { body, headers };
  const at = Date.now();
  markDispatched(state, record);
  const path = `/interactions/${record.id}/${record.token}/callback`;
  const request = `HTTP response to ${record.label}`;
  let status = 0;
  let text = "";
  try {
    const response = await post(target.agent, target.url, headers, body);
    status = response.status;
    text = response.text;
    if (status === 200 && !response.type.startsWith("application/json"))
      throw new Error(`content-type ${response.type}, not application/json`);
  } catch (error) {
    state.violate("interaction.invalid-response", `${request}: ${String(error)}`, {
      request,
      interactionId: record.id,
    });
    state.changed();
    return;
  }
  let parsed: unknown = null;
  try {
    parsed = status === 200 ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (status !== 200 || parsed === null) {
    // Discord shows "This interaction failed" when the endpoint answers anything but a JSON 200.
    state.violate(
      "interaction.invalid-response",
      `${request}: the endpoint answered ${status} ${JSON.stringify(text.slice(0, 200))}; Discord wants 200 with an interaction response in JSON.`,
      { request, interactionId: record.id },
    );
    state.changed();
    return;
  }
  if (!callbackRoute) throw new Error("the fake has no callback route");
  const ctx: RouteContext = {
    state,
    method: "POST",
    path,
    request,
    params: { interactionId: record.id, interactionToken: record.token },
    query: {},
    body: parsed,
    files: [],
  };
  const reply = callbackRoute.handle(ctx);
  state.calls.push({
    method: "POST",
    path,
    route: callbackRoute.pattern,
    query: {},
    body: parsed,
    files: [],
    status: reply.status,
    response: reply.body ?? null,
    at,
    injected: false,
    via: "http-response",
  });
  state.changed();
}

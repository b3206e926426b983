/**
 * The interactions endpoint on its own: Discord's Ed25519 signature over timestamp + raw body,
 * checked with node:crypto against the fake's key pair; PING; and everything refused before the
 * interaction is touched (the `answer` callback counts what got through).
 */
import { afterEach, describe, expect, it } from "vitest";
import {
  type InteractionsEndpoint,
  startInteractionsEndpoint,
} from "../../../src/discord/transport/http/endpoint.ts";
import {
  checkSignature,
  parsePublicKey,
  SIGNATURE_MAX_AGE_SECONDS,
} from "../../../src/discord/transport/http/signature.ts";
import { signedHeaders, signingKeys } from "../../fake-discord/http-delivery.ts";
import { silentLogger } from "../../helpers/game.ts";

const keys = signingKeys();
const publicKey = parsePublicKey(keys.publicKey);
const nowSeconds = () => Math.floor(Date.now() / 1000);

describe("checkSignature", () => {
  const body = Buffer.from('{"type":1}');
  const signed = (overrides: { timestamp?: number; body?: Buffer } = {}) => {
    const headers = signedHeaders(keys.privateKey, (overrides.body ?? body).toString(), overrides.timestamp);
    return { signature: headers["x-signature-ed25519"], timestamp: headers["x-signature-timestamp"] };
  };

  it("accepts a delivery signed with the application's key", () => {
    expect(checkSignature({ publicKey, ...signed(), body, nowMs: Date.now() })).toBe("ok");
  });

  it("refuses a signature made with another key, or over another body", () => {
    const other = signingKeys();
    const headers = signedHeaders(other.privateKey, body.toString());
    expect(
      checkSignature({
        publicKey,
        signature: headers["x-signature-ed25519"],
        timestamp: headers["x-signature-timestamp"],
        body,
        nowMs: Date.now(),
      }),
    ).toBe("bad");
    expect(
      checkSignature({ publicKey, ...signed(), body: Buffer.from('{"type":2}'), nowMs: Date.now() }),
    ).toBe("bad");
    // The timestamp is signed too: changing it breaks the signature.
    const { signature } = signed();
    expect(
      checkSignature({ publicKey, signature, timestamp: String(nowSeconds() + 1), body, nowMs: Date.now() }),
    ).toBe("bad");
  });

  it("refuses a missing or malformed signature or timestamp", () => {
    const { signature, timestamp } = signed();
    expect(checkSignature({ publicKey, signature: undefined, timestamp, body, nowMs: Date.now() })).toBe(
      "missing",
    );
    expect(checkSignature({ publicKey, signature, timestamp: undefined, body, nowMs: Date.now() })).toBe(
      "missing",
    );
    expect(checkSignature({ publicKey, signature: "zz", timestamp, body, nowMs: Date.now() })).toBe(
      "malformed",
    );
    expect(checkSignature({ publicKey, signature, timestamp: "soon", body, nowMs: Date.now() })).toBe(
      "malformed",
    );
  });

  it("refuses a correctly signed request replayed later than the allowed age", () => {
    const old = nowSeconds() - SIGNATURE_MAX_AGE_SECONDS - 5;
    expect(checkSignature({ publicKey, ...signed({ timestamp: old }), body, nowMs: Date.now() })).toBe(
      "stale",
    );
    // The same request within the window is fine, which is what makes the check the replay guard.
    expect(checkSignature({ publicKey, ...signed({ timestamp: old }), body, nowMs: old * 1000 })).toBe("ok");
  });

  it("takes only a 64-digit hex key", () => {
    expect(() => parsePublicKey("abc")).toThrow(/64 hex digits/);
  });
});

describe("the interactions endpoint", () => {
  let endpoint: InteractionsEndpoint | undefined;
  const answered: unknown[] = [];
  afterEach(async () => {
    await endpoint?.close(100);
    endpoint = undefined;
    answered.length = 0;
  });

  async function start(maxBodyBytes?: number) {
    endpoint = await startInteractionsEndpoint({
      host: "127.0.0.1",
      port: 0,
      path: "/interactions",
      publicKey,
      logger: silentLogger,
      ...(maxBodyBytes === undefined ? {} : { maxBodyBytes }),
      answer: async (interaction) => {
        answered.push(interaction);
        return { body: { type: 4, data: { content: "hello" } } };
      },
    });
    return `http://127.0.0.1:${endpoint.port}/interactions`;
  }

  const interaction = (type: number) =>
    JSON.stringify({
      id: "1234567890123456789",
      application_id: "1234567890123456780",
      type,
      token: "tok",
      version: 1,
    });

  it("answers a signed PING with PONG, without handing it to the bot", async () => {
    const url = await start();
    const body = interaction(1);
    const response = await fetch(url, {
      method: "POST",
      headers: signedHeaders(keys.privateKey, body),
      body,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(await response.json()).toEqual({ type: 1 });
    expect(answered).toEqual([]);
  });

  it("returns the bot's initial response as the HTTP response", async () => {
    const url = await start();
    const body = interaction(2);
    const response = await fetch(url, {
      method: "POST",
      headers: signedHeaders(keys.privateKey, body),
      body,
    });
    expect(await response.json()).toEqual({ type: 4, data: { content: "hello" } });
    expect(answered).toHaveLength(1);
  });

  it("gives 401 to a missing, wrong or replayed signature (a PING too) and touches nothing", async () => {
    const url = await start();
    const body = interaction(2);
    const good = signedHeaders(keys.privateKey, body);
    const attempts: Record<string, string>[] = [
      { "content-type": "application/json" },
      {
        ...good,
        "x-signature-ed25519": signedHeaders(signingKeys().privateKey, body)["x-signature-ed25519"] as string,
      },
      signedHeaders(keys.privateKey, body, nowSeconds() - 600),
    ];
    for (const headers of attempts) {
      const response = await fetch(url, { method: "POST", headers, body });
      expect(response.status).toBe(401);
    }
    // A body changed after signing (a PING here: not even those are answered unsigned).
    const tampered = await fetch(url, { method: "POST", headers: good, body: interaction(1) });
    expect(tampered.status).toBe(401);
    expect(answered).toEqual([]);
  });

  it("takes POST on its path only, caps the body, and refuses a signed body that is not an interaction", async () => {
    const url = await start(1024);
    expect((await fetch(url)).status).toBe(405);
    expect((await fetch(url.replace("/interactions", "/other"), { method: "POST", body: "{}" })).status).toBe(
      404,
    );
    const big = JSON.stringify({ padding: "x".repeat(2048) });
    expect(
      (await fetch(url, { method: "POST", headers: signedHeaders(keys.privateKey, big), body: big })).status,
    ).toBe(413);
    const odd = JSON.stringify({ type: 2 });
    const refused = await fetch(url, {
      method: "POST",
      headers: signedHeaders(keys.privateKey, odd),
      body: odd,
    });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toMatch(/not an interaction/);
    expect(answered).toEqual([]);
  });
});

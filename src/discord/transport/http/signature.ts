import { createPublicKey, type KeyObject, verify } from "node:crypto";

/**
 * How old a request's `X-Signature-Timestamp` may be (and how far ahead of this clock). Discord
 * signs each delivery as it sends it, so an older one is a recorded request played back.
 */
export const SIGNATURE_MAX_AGE_SECONDS = 30;

/** An Ed25519 public key as SPKI DER: this fixed prefix, then the 32 key bytes. */
const ED25519_SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

/** The application's public key (as the developer portal shows it: 64 hex digits) as a node:crypto key. */
export function parsePublicKey(hex: string): KeyObject {
  if (!/^[0-9a-f]{64}$/i.test(hex)) throw new Error("an Ed25519 public key is 64 hex digits");
  return createPublicKey({
    key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(hex, "hex")]),
    format: "der",
    type: "spki",
  });
}

/** Why a request was refused, or "ok". */
export type SignatureCheck = "ok" | "missing" | "malformed" | "bad" | "stale";

/**
 * Checks a delivery as Discord signs it: `X-Signature-Ed25519` is the signature of
 * `X-Signature-Timestamp` followed by the raw body, made with the application's private key.
 * The timestamp is checked too (a valid signature on an old request is a replay).
 */
export function checkSignature(input: {
  publicKey: KeyObject;
  signature: string | undefined;
  timestamp: string | undefined;
  body: Buffer;
  nowMs: number;
  maxAgeSeconds?: number;
}): SignatureCheck {
  const { signature, timestamp } = input;
  if (!signature || !timestamp) return "missing";
  if (!/^[0-9a-f]{128}$/i.test(signature) || !/^\d{1,12}$/.test(timestamp)) return "malformed";
  const ageSeconds = input.nowMs / 1000 - Number(timestamp);
  const maxAge = input.maxAgeSeconds ?? SIGNATURE_MAX_AGE_SECONDS;
  // Verified before the age, so an unsigned request learns nothing about the clock.
  const signed = Buffer.concat([Buffer.from(timestamp, "utf8"), input.body]);
  if (!verify(null, signed, input.publicKey, Buffer.from(signature, "hex"))) return "bad";
  if (Math.abs(ageSeconds) > maxAge) return "stale";
  return "ok";
}

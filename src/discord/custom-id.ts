/**
 * The custom_id codec: every button says what it is for in a short, versioned string, parsed
 * back with zod. Buttons carry no state beyond ids: the state lives in the store, and a decoded
 * custom_id is only a claim that the handlers check against it.
 *
 *   v1:ans:{sessionId}:{round}:{choice}    answer a quiz question
 *   v1:next:{sessionId}:{round}            solo quiz: the next question
 *   v1:lb:{period}:{page}:{ownerId}        leaderboard page
 */
import { z } from "zod";

const VERSION = "v1";
const id = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/);
const index = z.coerce.number().int().min(0).max(999);

const ButtonSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("ans"), sessionId: id, round: index, choice: index }),
  z.object({ kind: z.literal("next"), sessionId: id, round: index }),
  z.object({ kind: z.literal("lb"), period: z.enum(["all-time", "week"]), page: index, ownerId: id }),
]);

/** What a button means, once decoded. */
export type ButtonAction = z.infer<typeof ButtonSchema>;

const FIELDS: Record<ButtonAction["kind"], string[]> = {
  ans: ["sessionId", "round", "choice"],
  next: ["sessionId", "round"],
  lb: ["period", "page", "ownerId"],
};

/** Encodes a button's action as a custom_id (at most 100 characters, as Discord requires). */
export function encodeButton(action: ButtonAction): string {
  const values = FIELDS[action.kind].map((field) => String(action[field as keyof typeof action]));
  const encoded = [VERSION, action.kind, ...values].join(":");
  if (encoded.length > 100) throw new Error(`custom_id too long (${encoded.length}): ${encoded}`);
  return encoded;
}

/** Decodes a custom_id, or returns undefined for one that is malformed, forged or from another version. */
export function decodeButton(customId: string): ButtonAction | undefined {
  const [version, kind, ...values] = customId.split(":");
  if (version !== VERSION || kind === undefined || !(kind in FIELDS)) return undefined;
  const fields = FIELDS[kind as ButtonAction["kind"]];
  if (values.length !== fields.length) return undefined;
  const raw = Object.fromEntries([["kind", kind], ...fields.map((field, i) => [field, values[i]])]);
  const parsed = ButtonSchema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

/**
 * The custom_id codec: every button and modal says what it is for in a short, versioned string,
 * parsed back with zod. They carry ids only: the state lives in the store, and a decoded
 * custom_id is just a claim that the handlers check against it.
 *
 * Buttons                                   Modals
 *   v1:ans:{session}:{round}:{choice}         v1:mqadd:{source}:{difficulty}:{topic}  propose
 *   v1:next:{session}:{round}                 v1:mqrej:{question}                     reject reason
 *   v1:lb:{period}:{page}:{viewer}            v1:mrep:{question}                      report
 *   v1:qedit        reopen a proposal form
 *   v1:qok:{question}  v1:qno:{question}      approve / reject a proposal
 *   v1:rep:{question}                         report a question
 *   v1:rkeep:{report}  v1:rdis:{report}       resolve a report
 *   v1:asg:{assignment}                       start (or resume) an assignment
 *   v1:typ:{session}:{round}                  open the typed-answer form   v1:mtyp:{session}:{round}  its form
 *   v1:hint:{session}:{round}                 take the round's hint
 *   v1:why:{session}:{round}                  why my answer in a channel round was wrong
 *   v1:redo:{session}                         replay the questions missed
 *   v1:ctl:{session}:{version}:{verb}         a host's control of a live round (start, next,
 *                                             pause, resume, skip, end), drawn for one version
 *   v1:join:{session}  v1:leave:{session}     join / leave a live round's lobby
 *   v1:qfix:{question}                        edit a pending proposal     v1:mqfix:{question}  its form
 *   v1:srcok:{token}  v1:srcno:{token}        confirm / cancel a source update or removal
 */
import { z } from "zod";
import { DIFFICULTIES } from "../../bank/schema.ts";

const VERSION = "v1";
const id = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/);
const questionId = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)
  .max(64);
const slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)
  .max(32);
const index = z.coerce.number().int().min(0).max(999);
const version = z.coerce.number().int().min(0).max(99_999);
/** A host's controls of a live round. */
export const HOST_VERBS = ["start", "next", "pause", "resume", "skip", "end"] as const;

const ActionSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("ans"), sessionId: id, round: index, choice: index }),
  z.object({ kind: z.literal("next"), sessionId: id, round: index }),
  z.object({ kind: z.literal("lb"), period: z.enum(["all-time", "week"]), page: index, ownerId: id }),
  z.object({ kind: z.literal("qedit") }),
  z.object({ kind: z.literal("qok"), questionId }),
  z.object({ kind: z.literal("qno"), questionId }),
  z.object({ kind: z.literal("rep"), questionId }),
  z.object({ kind: z.literal("rkeep"), reportId: id }),
  z.object({ kind: z.literal("rdis"), reportId: id }),
  z.object({ kind: z.literal("asg"), assignmentId: id }),
  z.object({ kind: z.literal("rreset"), token: id }),
  z.object({ kind: z.literal("typ"), sessionId: id, round: index }),
  z.object({ kind: z.literal("hint"), sessionId: id, round: index }),
  z.object({ kind: z.literal("redo"), sessionId: id }),
  z.object({ kind: z.literal("why"), sessionId: id, round: index }),
  z.object({ kind: z.literal("mtyp"), sessionId: id, round: index }),
  z.object({ kind: z.literal("ctl"), sessionId: id, version, verb: z.enum(HOST_VERBS) }),
  z.object({ kind: z.literal("join"), sessionId: id }),
  z.object({ kind: z.literal("leave"), sessionId: id }),
  z.object({ kind: z.literal("qfix"), questionId }),
  z.object({ kind: z.literal("srcok"), token: id }),
  z.object({ kind: z.literal("srcno"), token: id }),
  z.object({ kind: z.literal("mqfix"), questionId }),
  z.object({ kind: z.literal("mqadd"), source: slug, difficulty: z.enum(DIFFICULTIES), topic: slug }),
  z.object({ kind: z.literal("mqrej"), questionId }),
  z.object({ kind: z.literal("mrep"), questionId }),
]);

/** What a button or modal means, once decoded. */
export type CustomIdAction = z.infer<typeof ActionSchema>;
/** A decoded button's action. */
export type ButtonAction = Exclude<CustomIdAction, { kind: ModalKind }>;
/** A decoded modal's action. */
export type ModalAction = Extract<CustomIdAction, { kind: ModalKind }>;
type ModalKind = "mqadd" | "mqrej" | "mrep" | "mtyp" | "mqfix";

const FIELDS: Record<CustomIdAction["kind"], string[]> = {
  ans: ["sessionId", "round", "choice"],
  next: ["sessionId", "round"],
  lb: ["period", "page", "ownerId"],
  qedit: [],
  qok: ["questionId"],
  qno: ["questionId"],
  rep: ["questionId"],
  rkeep: ["reportId"],
  rdis: ["reportId"],
  asg: ["assignmentId"],
  rreset: ["token"],
  typ: ["sessionId", "round"],
  hint: ["sessionId", "round"],
  redo: ["sessionId"],
  why: ["sessionId", "round"],
  mtyp: ["sessionId", "round"],
  ctl: ["sessionId", "version", "verb"],
  join: ["sessionId"],
  leave: ["sessionId"],
  mqadd: ["source", "difficulty", "topic"],
  mqrej: ["questionId"],
  mrep: ["questionId"],
  qfix: ["questionId"],
  srcok: ["token"],
  srcno: ["token"],
  mqfix: ["questionId"],
};

const MODAL_KINDS = new Set<string>(["mqadd", "mqrej", "mrep", "mtyp", "mqfix"] satisfies ModalKind[]);

/** Encodes an action as a custom_id (at most 100 characters, as Discord requires). */
export function encodeCustomId(action: CustomIdAction): string {
  const values = FIELDS[action.kind].map((field) => String(action[field as keyof typeof action]));
  const encoded = [VERSION, action.kind, ...values].join(":");
  if (encoded.length > 100) throw new Error(`custom_id too long (${encoded.length}): ${encoded}`);
  return encoded;
}

/** Encodes a button's action. */
export const encodeButton = (action: ButtonAction): string => encodeCustomId(action);
/** Encodes a modal's action. */
export const encodeModal = (action: ModalAction): string => encodeCustomId(action);

/**
 * Decoded custom_ids, by the string: in a channel round hundreds of players click the same four
 * buttons, and each string needs parsing (with zod) only once. A decoded action is only a claim the
 * handlers re-check, and is never changed (frozen). Bounded: cleared when full.
 */
const decoded = new Map<string, Readonly<CustomIdAction> | undefined>();
const DECODED_KEPT = 1_000;

function decode(customId: string): CustomIdAction | undefined {
  if (decoded.has(customId)) return decoded.get(customId);
  const action = parse(customId);
  if (decoded.size >= DECODED_KEPT) decoded.clear();
  decoded.set(customId, action && Object.freeze(action));
  return action;
}

function parse(customId: string): CustomIdAction | undefined {
  const [version, kind, ...values] = customId.split(":");
  if (version !== VERSION || kind === undefined || !Object.hasOwn(FIELDS, kind)) return undefined;
  const fields = FIELDS[kind as CustomIdAction["kind"]];
  if (values.length !== fields.length) return undefined;
  const raw = Object.fromEntries([["kind", kind], ...fields.map((field, i) => [field, values[i]])]);
  const parsed = ActionSchema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

/** Decodes a button's custom_id, or undefined for one that is malformed, forged or from another version. */
export function decodeButton(customId: string): ButtonAction | undefined {
  const action = decode(customId);
  return action && !MODAL_KINDS.has(action.kind) ? (action as ButtonAction) : undefined;
}

/** Decodes a modal's custom_id, or undefined. */
export function decodeModal(customId: string): ModalAction | undefined {
  const action = decode(customId);
  return action && MODAL_KINDS.has(action.kind) ? (action as ModalAction) : undefined;
}

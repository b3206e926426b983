/**
 * Question sets, the lessons a quiz master builds: named, ordered lists of a server's questions
 * (shipped and approved community ones), played live in a channel, solo, or assigned.
 */
import type { QuestionFilter } from "../../bank/bank.ts";
import { AS_WRITTEN, type QuestionLanguage } from "../../bank/localize.ts";
import { inRevealOrder, withoutRevealCycles } from "../../bank/order.ts";
import type { Question } from "../../bank/question.ts";
import { seededRandom, shuffled } from "../../engine/random.ts";
import { LESSON_LIMITS, type QuestionSet } from "../../records/lessons.ts";
import type { AppContext } from "../context.ts";
import { UserError } from "../errors.ts";
import { conflictingPairs, type RevealPair, revealPairs } from "./conflicts.ts";
import { toCsv } from "./csv.ts";

/** A set's question as it can be played now. */
export interface SetEntry {
  readonly id: string;
  readonly question: Question | undefined;
  /** ok: playable; removed: no longer in the server's bank; disabled: taken out after a report. */
  readonly status: "ok" | "removed" | "disabled";
}

/** Who changes a server's sets. */
export interface SetScope {
  readonly guildId: string;
  readonly userId: string;
}

const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** Finds a set by its id or its name (what autocomplete sends, or what was typed). */
export function findSet(sets: readonly QuestionSet[], idOrName: string): QuestionSet | undefined {
  return sets.find((s) => s.id === idOrName) ?? sets.find((s) => sameName(s.name, idOrName));
}

/** A server's set, or a UserError saying there is no such set. */
export async function requireSet(ctx: AppContext, guildId: string, idOrName: string): Promise<QuestionSet> {
  const set = findSet(await ctx.lessons.sets(guildId), idOrName);
  if (!set) throw new UserError("lessons.error.noSet", { name: idOrName.slice(0, 60) });
  return set;
}

/** Every set of a server. */
export function listSets(ctx: AppContext, guildId: string): Promise<QuestionSet[]> {
  return ctx.lessons.sets(guildId);
}

function checkedName(name: string): string {
  const trimmed = name.trim().replace(/\s+/g, " ");
  if (trimmed.length === 0 || trimmed.length > LESSON_LIMITS.setNameLength) {
    throw new UserError("lessons.error.setName", { max: LESSON_LIMITS.setNameLength });
  }
  return trimmed;
}

/** Makes a set, empty or with questions (ids the caller has checked are in the server's bank). */
export async function createSet(
  ctx: AppContext,
  scope: SetScope,
  name: string,
  questionIds: readonly string[] = [],
): Promise<QuestionSet> {
  const checked = checkedName(name);
  const now = ctx.now();
  return ctx.lessons.updateSets(scope.guildId, (sets) => {
    if (sets.some((s) => sameName(s.name, checked)))
      throw new UserError("lessons.error.setExists", { name: checked });
    if (sets.length >= LESSON_LIMITS.setsPerGuild) {
      throw new UserError("lessons.error.tooManySets", { max: LESSON_LIMITS.setsPerGuild });
    }
    const set: QuestionSet = {
      id: ctx.newId(),
      name: checked,
      questionIds: [...questionIds],
      createdBy: scope.userId,
      createdAt: now,
      updatedAt: now,
    };
    return { sets: [...sets, set], result: set };
  });
}

/** Changes one set under the server's lock; `change` may throw a UserError to refuse. */
async function changeSet<T>(
  ctx: AppContext,
  guildId: string,
  setId: string,
  change: (set: QuestionSet, others: readonly QuestionSet[]) => { set: QuestionSet | null; result: T },
): Promise<T> {
  return ctx.lessons.updateSets(guildId, (sets) => {
    const set = sets.find((s) => s.id === setId);
    if (!set) throw new UserError("lessons.error.noSet", { name: setId });
    const { set: next, result } = change(
      set,
      sets.filter((s) => s.id !== setId),
    );
    const updated =
      next === null
        ? sets.filter((s) => s.id !== setId)
        : sets.map((s) => (s.id === setId ? { ...next, updatedAt: ctx.now() } : s));
    return { sets: updated, result };
  });
}

/** Adds questions (by id) to the end of a set; refuses unknown ones, skips ones already in it. */
export async function addToSet(
  ctx: AppContext,
  guildId: string,
  setId: string,
  questionIds: readonly string[],
): Promise<{
  set: QuestionSet;
  added: string[];
  alreadyIn: number;
  full: number;
  conflicts: [string, string][];
  /** Pairs with an added question where the first shows the second's answer ("mutual": each the other's). */
  reveals: RevealPair[];
}> {
  const { bank } = await ctx.banks.of(guildId);
  for (const id of questionIds) {
    if (!bank.get(id)) throw new UserError("lessons.error.noQuestion", { id: id.slice(0, 64) });
  }
  return changeSet(ctx, guildId, setId, (set) => {
    const fresh = [...new Set(questionIds)].filter((id) => !set.questionIds.includes(id));
    const room = LESSON_LIMITS.questionsPerSet - set.questionIds.length;
    if (fresh.length > 0 && room <= 0) {
      throw new UserError("lessons.error.setFull", { max: LESSON_LIMITS.questionsPerSet });
    }
    const added = fresh.slice(0, room);
    const questionIdsAfter = [...set.questionIds, ...added];
    return {
      set: { ...set, questionIds: questionIdsAfter },
      result: {
        set: { ...set, questionIds: questionIdsAfter },
        added,
        alreadyIn: questionIds.length - fresh.length,
        full: fresh.length - added.length,
        conflicts: conflictingPairs(questionIdsAfter, (id) => bank.conflictsOf(id)).filter(
          ([a, b]) => added.includes(a) || added.includes(b),
        ),
        reveals: revealPairs(questionIdsAfter, bank).filter(
          (p) => added.includes(p.giver) || added.includes(p.answered),
        ),
      },
    };
  });
}

/** Adds every playable question of the server's bank that matches a filter (in bank order). */
export async function addMatching(ctx: AppContext, guildId: string, setId: string, filter: QuestionFilter) {
  const { bank, disabled } = await ctx.banks.of(guildId);
  const ids = bank
    .filter(filter)
    .filter((q) => !disabled.has(q.id))
    .map((q) => q.id);
  if (ids.length === 0) throw new UserError("error.noQuestionsMatch");
  return addToSet(ctx, guildId, setId, ids);
}

/** Takes a question out of a set. */
export function removeFromSet(ctx: AppContext, guildId: string, setId: string, questionId: string) {
  return changeSet(ctx, guildId, setId, (set) => {
    if (!set.questionIds.includes(questionId)) {
      throw new UserError("lessons.error.notInSet", { id: questionId.slice(0, 64), name: set.name });
    }
    const next = { ...set, questionIds: set.questionIds.filter((id) => id !== questionId) };
    return { set: next, result: next };
  });
}

/**
 * The pairs of a set's questions where one shows another's answer, as playing will treat them
 * (the shown one asked first, or the later of a mutual pair left out): what moving a question
 * or showing a set warns about.
 */
export async function revealWarnings(ctx: AppContext, guildId: string, questionIds: readonly string[]) {
  const { bank } = await ctx.banks.of(guildId);
  return revealPairs(questionIds, bank);
}

/** Moves a question to a position (1 = first) in its set. */
export function moveInSet(
  ctx: AppContext,
  guildId: string,
  setId: string,
  questionId: string,
  position: number,
) {
  return changeSet(ctx, guildId, setId, (set) => {
    if (!set.questionIds.includes(questionId)) {
      throw new UserError("lessons.error.notInSet", { id: questionId.slice(0, 64), name: set.name });
    }
    const rest = set.questionIds.filter((id) => id !== questionId);
    const at = Math.min(Math.max(1, position), set.questionIds.length) - 1;
    const next = { ...set, questionIds: [...rest.slice(0, at), questionId, ...rest.slice(at)] };
    return { set: next, result: next };
  });
}

/** Renames a set (names are unique in a server, in any case). */
export function renameSet(ctx: AppContext, guildId: string, setId: string, name: string) {
  const checked = checkedName(name);
  return changeSet(ctx, guildId, setId, (set, others) => {
    if (others.some((s) => sameName(s.name, checked)))
      throw new UserError("lessons.error.setExists", { name: checked });
    const next = { ...set, name: checked };
    return { set: next, result: next };
  });
}

/** Deletes a set (its results stay in the grade book). */
export function deleteSet(ctx: AppContext, guildId: string, setId: string): Promise<QuestionSet> {
  return changeSet(ctx, guildId, setId, (set) => ({ set: null, result: set }));
}

/** A set's questions as they stand: each playable, removed from the bank, or disabled. */
export async function setEntries(
  ctx: AppContext,
  guildId: string,
  questionIds: readonly string[],
): Promise<SetEntry[]> {
  const { bank, disabled } = await ctx.banks.of(guildId);
  return questionIds.map((id) => {
    const question = bank.get(id);
    if (!question) return { id, question, status: "removed" as const };
    return { id, question, status: disabled.has(id) ? ("disabled" as const) : ("ok" as const) };
  });
}

/**
 * The questions a set plays now, in its order or shuffled, and the ids it had to leave out:
 * `skipped` (removed from the bank or disabled) and `leftOut` (it shows, and is shown, the answer
 * of a question played before it, so no order could keep both). The order then moves a question
 * before any whose stem or reveal shows its answer; otherwise it is the set's (or the shuffle's).
 */
export async function playableQuestions(
  ctx: AppContext,
  guildId: string,
  questionIds: readonly string[],
  order: "in-order" | "shuffled" = "in-order",
  seed = `${ctx.newId()}`,
): Promise<{ questions: Question[]; skipped: string[]; leftOut: string[] }> {
  const { bank } = await ctx.banks.of(guildId);
  const entries = await setEntries(ctx, guildId, questionIds);
  const playable = entries.flatMap((e) => (e.status === "ok" && e.question ? [e.question] : []));
  const skipped = entries.filter((e) => e.status !== "ok").map((e) => e.id);
  if (playable.length === 0) throw new UserError("lessons.error.nothingToPlay");
  const drawn = order === "shuffled" ? shuffled(playable, seededRandom(seed)) : playable;
  const { kept, leftOut } = withoutRevealCycles(bank, drawn);
  return { questions: inRevealOrder(bank, kept), skipped, leftOut: leftOut.map((q) => q.id) };
}

/** The server's questions whose id or text contains what was typed (for autocomplete). */
export async function searchQuestions(
  ctx: AppContext,
  guildId: string,
  typed: string,
  limit: number,
): Promise<Question[]> {
  const { bank, disabled } = await ctx.banks.of(guildId);
  const needle = typed.trim().toLowerCase();
  const live = bank.questions.filter((q) => !disabled.has(q.id));
  if (needle === "") return live.slice(0, limit);
  const byId = live.filter((q) => q.id.includes(needle));
  const byText = live.filter((q) => !byId.includes(q) && q.question.toLowerCase().includes(needle));
  return [...byId, ...byText].slice(0, limit);
}

/**
 * A set as a CSV a colleague can read or rebuild it from: one row per question in order, with its
 * id, text, right answer and source (the answer key: for quiz masters only), the text in the
 * server's language (the id names the question in any language).
 */
export function setCsv(entries: readonly SetEntry[], language: QuestionLanguage = AS_WRITTEN): string {
  return toCsv(
    ["position", "question_id", "status", "question", "right_answer", "source"],
    entries.map((e, i) => {
      const shown = e.question && language.question(e.question);
      return [
        i + 1,
        e.id,
        e.status,
        shown?.question ?? "",
        shown?.answer ?? "",
        e.question?.citation.source ?? "",
      ];
    }),
  );
}

/**
 * Makes a set from a file's question ids, in the file's order: ids this server's bank does not
 * have are skipped and returned, so the reply can name them. A name already taken is refused.
 */
export async function importSet(
  ctx: AppContext,
  scope: SetScope,
  name: string,
  questionIds: readonly string[],
): Promise<{ set: QuestionSet; unknown: string[] }> {
  const { bank } = await ctx.banks.of(scope.guildId);
  const known = questionIds.filter((id) => bank.get(id) !== undefined);
  const unknown = questionIds.filter((id) => bank.get(id) === undefined);
  if (known.length === 0) throw new UserError("lessons.import.noneKnown", { count: unknown.length });
  // Said here with the way out (createSet refuses the clash again under the lock, should one race).
  if ((await ctx.lessons.sets(scope.guildId)).some((s) => sameName(s.name, checkedName(name))))
    throw new UserError("lessons.import.nameTaken", { name: checkedName(name) });
  const set = await createSet(ctx, scope, name, known.slice(0, LESSON_LIMITS.questionsPerSet));
  return { set, unknown };
}

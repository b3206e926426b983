/**
 * Issue 28, second pass, as rendered: the choice hint disables exactly its two options (and
 * itself) on the player's own message; the channel hint names both options in full; a channel
 * reveal offers "Why was I wrong?" only where its question has wrong-option notes; the why
 * button's custom_id round-trips and a malformed one is refused.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Bank } from "../../src/bank/bank.ts";
import type { Question } from "../../src/bank/question.ts";
import { decodeButton, encodeButton } from "../../src/discord/interactions/custom-id.ts";
import { askMessage, channelRevealMessage } from "../../src/discord/render/quiz.ts";
import { hintInPlaceText, hintText } from "../../src/discord/render/typed.ts";
import { whyWrongReply } from "../../src/discord/render/why-wrong.ts";
import { revealOf } from "../../src/engine/reveal.ts";
import {
  closeRound,
  createSession,
  displayedOptions,
  hintOf,
  type SessionState,
} from "../../src/engine/session.ts";
import { buttonsOf } from "../helpers/bot.ts";
import { loadTypedBank } from "../helpers/typed-bank.ts";

let bank: Bank;
const T0 = Date.parse("2026-12-08T00:00:00Z");

beforeAll(async () => {
  bank = await loadTypedBank();
});

const question = (id: string): Question => {
  const found = bank.get(id);
  if (!found) throw new Error(`no ${id}`);
  return found;
};

function session(kind: "solo" | "channel", q: Question): SessionState {
  return createSession(
    {
      id: "s1",
      kind,
      guildId: "g",
      channelId: "c",
      ownerId: "alice",
      seed: "seed",
      filter: {},
      questions: [q],
      mode: "choice",
      secondsPerQuestion: 30,
    },
    T0,
  );
}

function viewOf(state: SessionState, q: Question) {
  return {
    sessionId: state.id,
    round: 0,
    totalRounds: 1,
    question: q,
    options: displayedOptions(state, q),
    endsAt: null,
    typed: false,
    hints: true,
  };
}

describe("the choice hint, rendered", () => {
  it("disables exactly the two removed options and the hint button, never the answer", () => {
    const hiding = question("typed-hiding");
    const state = session("solo", hiding);
    const view = viewOf(state, hiding);
    const hint = hintOf(state, hiding);
    if (hint.kind !== "choice") throw new Error("a choice round's hint removes options");
    expect(hint.removed).toHaveLength(2);
    const before = buttonsOf(askMessage(view, undefined, "en") as never);
    expect(before.filter((b) => b.disabled)).toEqual([]);
    const body = askMessage(view, hintInPlaceText(5, "en"), "en", hint.removed);
    const after = buttonsOf(body as never);
    const disabled = after.filter((b) => b.disabled).map((b) => b.custom_id);
    expect(disabled).toEqual([
      ...hint.removed.map((choice) => encodeButton({ kind: "ans", sessionId: "s1", round: 0, choice })),
      encodeButton({ kind: "hint", sessionId: "s1", round: 0 }),
    ]);
    const answerIndex = view.options.indexOf(hiding.answer);
    expect(hint.removed).not.toContain(answerIndex);
    expect(body.embeds[0]?.description).toContain("Hint taken: two wrong options are crossed out.");
  });

  it("names both removed options in full in the private reply (en and ko)", () => {
    const hiding = question("typed-hiding");
    const state = session("channel", hiding);
    const options = displayedOptions(state, hiding);
    const hint = hintOf(state, hiding);
    if (hint.kind !== "choice") throw new Error("a choice round's hint removes options");
    const [a, b] = hint.removed as [number, number];
    const letter = (i: number) => "ABCD"[i];
    expect(hintText(hint, 5, "en", options)).toBe(
      `Hint: it is not **${letter(a)}.** ${options[a]}, **${letter(b)}.** ${options[b]}. Your answer now earns 5 fewer points.`,
    );
    expect(hintText(hint, 5, "ko", options)).toContain(`**${letter(a)}.** ${options[a]}`);
  });
});

describe("Why was I wrong?", () => {
  const reveal = (id: string) => {
    const q = question(id);
    const closed = closeRound(session("channel", q), T0 + 30_000);
    return channelRevealMessage(viewOf(closed, q), revealOf(bank, q), closed, "Next", "en");
  };

  it("is offered under a channel reveal only where the question has wrong-option notes", () => {
    const withNotes = buttonsOf(reveal("typed-hiding") as never).find((b) =>
      b.custom_id.startsWith("v1:why:"),
    );
    expect(withNotes).toMatchObject({ custom_id: "v1:why:s1:0", label: "Why was I wrong?", disabled: false });
    expect(buttonsOf(reveal("typed-river") as never).some((b) => b.custom_id.startsWith("v1:why:"))).toBe(
      false,
    );
  });

  it("answers with the note and its quote, or says there is none for that option", () => {
    const hiding = question("typed-hiding");
    const note = whyWrongReply(hiding, "30,000 to 50,000", () => "Sample Report", "en");
    expect(note.embeds?.[0]?.fields?.[0]?.name).toBe("Why not “30,000 to 50,000”");
    expect(note.embeds?.[0]?.fields?.[0]?.value).toContain(
      "Another report puts the number at between 30,000 and 50,000.",
    );
    expect(whyWrongReply(hiding, "7,800", () => "Sample Report", "en")).toEqual({
      content:
        "You answered “7,800”. The sources say nothing about that option beyond the explanation above.",
    });
  });

  it("round-trips its custom_id and refuses a malformed one", () => {
    expect(decodeButton(encodeButton({ kind: "why", sessionId: "abc123", round: 4 }))).toEqual({
      kind: "why",
      sessionId: "abc123",
      round: 4,
    });
    for (const forged of ["v1:why:abc123", "v1:why:abc123:-1", "v1:why::0", "v1:why:abc123:x"])
      expect(decodeButton(forged), forged).toBeUndefined();
  });
});

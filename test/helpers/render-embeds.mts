/**
 * A rough picture of Discord messages (embeds and buttons) as PNG, to look at new messages as a
 * user would (not a test: `npx tsx test/helpers/render-embeds.mts OUT_DIR`). Text is wrapped at a
 * fixed width; markdown is shown as typed, except **bold** markers which are dropped.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Resvg } from "@resvg/resvg-js";
import type { APIEmbed } from "discord.js";
import { FONT_FILE } from "../../src/charts/render.ts";
import {
  askMessage,
  channelRevealMessage,
  type MessageBody,
  soloRevealMessage,
} from "../../src/discord/render/quiz.ts";
import {
  hintInPlaceText,
  hintText,
  typedVerdictField,
  wrongNoteField,
} from "../../src/discord/render/typed.ts";
import { whyWrongReply } from "../../src/discord/render/why-wrong.ts";
import { judgeAnswers } from "../../src/engine/answer.ts";
import { revealOf } from "../../src/engine/reveal.ts";
import {
  applyAnswers,
  closeRound,
  createSession,
  displayedOptions,
  hintOf,
  takeHint,
} from "../../src/engine/session.ts";
import { type Locale, t } from "../../src/i18n/index.ts";
import { loadTypedBank } from "./typed-bank.ts";

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
function wrap(text: string, width = 78): string[] {
  const out: string[] = [];
  for (const raw of text.replace(/\*\*/g, "").split("\n")) {
    let line = "";
    for (const word of raw.split(" ")) {
      if ([...`${line} ${word}`].length > width && line) {
        out.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    out.push(line);
  }
  return out;
}

function draw(body: MessageBody | { content: string }, file: string) {
  const rows: { text: string; size: number; color: string; bold?: boolean; x: number }[] = [];
  if ("content" in body && body.content)
    for (const l of wrap(body.content)) rows.push({ text: l, size: 15, color: "#dbdee1", x: 20 });
  for (const embed of ("embeds" in body ? body.embeds : []) as APIEmbed[]) {
    rows.push({ text: "", size: 8, color: "#000", x: 0 });
    if (embed.title)
      for (const l of wrap(embed.title, 60))
        rows.push({ text: l, size: 17, color: "#ffffff", bold: true, x: 34 });
    if (embed.description)
      for (const l of wrap(embed.description)) rows.push({ text: l, size: 15, color: "#dbdee1", x: 34 });
    for (const f of embed.fields ?? []) {
      rows.push({ text: f.name, size: 15, color: "#ffffff", bold: true, x: 34 });
      for (const l of wrap(f.value)) rows.push({ text: l, size: 14, color: "#c4c9ce", x: 34 });
    }
    if (embed.footer)
      for (const l of wrap(embed.footer.text, 90)) rows.push({ text: l, size: 12, color: "#949ba4", x: 34 });
  }
  const buttons = ("components" in body ? body.components : []).map((row) =>
    row.components.map((c) => ("label" in c ? `[ ${c.label}${c.disabled ? " (off)" : ""} ]` : "")).join("  "),
  );
  for (const b of buttons) rows.push({ text: b, size: 14, color: "#ffffff", x: 20 });
  let y = 20;
  const svg = rows
    .map((r) => {
      y += r.size + 8;
      return `<text x="${r.x}" y="${y}" font-family="Pretendard" font-size="${r.size}" fill="${r.color}"${r.bold ? ' font-weight="bold"' : ""}>${esc(r.text)}</text>`;
    })
    .join("\n");
  const height = y + 24;
  const doc = `<svg xmlns="http://www.w3.org/2000/svg" width="820" height="${height}"><rect width="820" height="${height}" fill="#313338"/><rect x="20" y="24" width="4" height="${height - 48}" fill="#5865f2"/>${svg}</svg>`;
  const png = new Resvg(doc, {
    font: { fontFiles: [FONT_FILE], loadSystemFonts: false, defaultFontFamily: "Pretendard" },
  })
    .render()
    .asPng();
  writeFileSync(file, png);
}

const out = process.argv[2] ?? "/tmp/recall-render";
mkdirSync(out, { recursive: true });
const bank = await loadTypedBank();
const hiding = bank.get("typed-hiding");
const river = bank.get("typed-river");
if (!hiding || !river) throw new Error("the typed bank lacks its questions");
const T0 = Date.parse("2026-12-08T00:00:00Z");
for (const locale of ["en", "ko"] as Locale[]) {
  const mk = (kind: "solo" | "channel", q = hiding) =>
    createSession(
      {
        id: "s1",
        kind,
        guildId: "g",
        channelId: "c",
        ownerId: "alice",
        seed: "x",
        filter: {},
        questions: [q],
        mode: "typed",
        secondsPerQuestion: 30,
      },
      T0,
    );
  const view = (state: ReturnType<typeof mk>, q = hiding) => ({
    sessionId: state.id,
    round: 0,
    totalRounds: 1,
    question: q,
    options: displayedOptions(state, q),
    endsAt: null,
    typed: true,
    hints: true,
  });
  const solo = mk("solo");
  draw(askMessage(view(solo), undefined, locale), path.join(out, `cloze-${locale}.png`));
  draw(
    askMessage(view(mk("solo", river), river), undefined, locale),
    path.join(out, `typed-prompt-${locale}.png`),
  );
  draw(
    {
      content: hintText(
        hintOf(solo, river.typed ? { ...river } : river),
        10,
        locale,
        displayedOptions(solo, river),
      ),
    },
    path.join(out, `hint-${locale}.png`),
  );
  // The choice hint: in place on the player's own message, named privately in a channel round.
  const choiceView = { ...view(solo), typed: false };
  const removed = hintOf({ ...solo, mode: "choice" }, hiding);
  if (removed.kind === "choice") {
    draw(
      askMessage(choiceView, hintInPlaceText(10, locale), locale, removed.removed),
      path.join(out, `hint-in-place-${locale}.png`),
    );
    draw(
      { content: hintText(removed, 10, locale, choiceView.options) },
      path.join(out, `hint-channel-${locale}.png`),
    );
  }
  // A solo wrong-option reveal with its note.
  const judged = judgeAnswers({
    session: solo,
    question: hiding,
    records: new Map(),
    histories: new Map(),
    clicks: [{ userId: "alice", round: 0, choice: 0, typed: "30000-50000" }],
    now: T0 + 5000,
  });
  const o = judged.outcomes[0];
  if (o?.kind === "revealed" && o.typed) {
    const fields = [
      typedVerdictField("30000-50000", o.typed, locale),
      wrongNoteField(hiding, "30,000 to 50,000", () => "Sample Report", locale),
    ].filter((f) => f !== undefined);
    draw(
      soloRevealMessage(
        view(solo),
        revealOf(bank, hiding),
        { correct: o.correct, chosen: o.chosen, points: 0, breakdown: o.points, choice: -1, fields },
        locale,
      ),
      path.join(out, `reveal-wrong-option-${locale}.png`),
    );
  }
  // A near miss with a hint.
  const hinted = takeHint(mk("solo", river), "alice", 0, T0);
  if ("state" in hinted) {
    const j = judgeAnswers({
      session: hinted.state,
      question: river,
      records: new Map(),
      histories: new Map(),
      clicks: [{ userId: "alice", round: 0, choice: 0, typed: "Tumen Rvier" }],
      now: T0 + 5000,
    });
    const r = j.outcomes[0];
    if (r?.kind === "revealed" && r.typed)
      draw(
        soloRevealMessage(
          view(hinted.state, river),
          revealOf(bank, river),
          {
            correct: r.correct,
            chosen: r.chosen,
            points: r.points.total,
            breakdown: r.points,
            choice: -1,
            fields: [typedVerdictField("Tumen Rvier", r.typed, locale)],
          },
          locale,
        ),
        path.join(out, `reveal-near-miss-hint-${locale}.png`),
      );
  }
  // A channel reveal with typed statistics.
  const ch = mk("channel");
  const typed = ["100 000", "30,000-50,000", "30000 to 50000", "200,000", "십만"];
  const cj = judgeAnswers({
    session: ch,
    question: hiding,
    records: new Map(),
    histories: new Map(),
    clicks: typed.map((t, i) => ({ userId: `u${i}`, round: 0, choice: 0, typed: t })),
    now: T0 + 5000,
  });
  const closed = closeRound(cj.session, T0 + 30000);
  draw(
    channelRevealMessage(view(closed), revealOf(bank, hiding), closed, "Next question in 5 s", locale),
    path.join(out, `channel-reveal-${locale}.png`),
  );
  writeFileSync(
    path.join(out, `channel-reveal-${locale}.json`),
    JSON.stringify(
      channelRevealMessage(view(closed), revealOf(bank, hiding), closed, "Next", locale),
      null,
      2,
    ),
  );
  // "Why was I wrong?": the private answers (a note, no note, a typed answer that is no option).
  const why = [
    whyWrongReply(hiding, "30,000 to 50,000", () => "Sample Report", locale),
    whyWrongReply(hiding, "7,800", () => "Sample Report", locale),
    { content: t(locale, "typed.why.typedWrong", { typed: "200,000", answer: hiding.answer }) },
    { content: t(locale, "typed.why.right") },
    { content: t(locale, "typed.why.noAnswer") },
  ];
  for (const [i, body] of why.entries())
    draw(
      { content: body.content ?? "", embeds: body.embeds ?? [], components: [] },
      path.join(out, `why-${i}-${locale}.png`),
    );
  void applyAnswers;
}
console.log(`written to ${out}`);

import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  type APIEmbedField,
  ButtonStyle,
  ComponentType,
} from "discord.js";
import type { RoundView } from "../../app/quiz.ts";
import type { ServerScoring } from "../../app/scoring.ts";
import type { Difficulty } from "../../bank/schema.ts";
import { OPTION_READABLE_MAX } from "../../bank/text-safety.ts";
import type { CitationView, OtherSourceView, RevealView } from "../../engine/reveal.ts";
import { SCORING } from "../../engine/scoring.ts";
import type { AnswerBreakdown, SessionState, SessionTally } from "../../engine/session.ts";
import { type Locale, t } from "../../i18n/index.ts";
import { encodeButton } from "../interactions/custom-id.ts";
import { asTyped, blockQuote, DISCORD_LIMITS, truncate, userMention } from "./text.ts";
import {
  redoButton,
  typedQuestionLines,
  typedRoundButtons,
  typedStatsField,
  whyWrongButton,
} from "./typed.ts";

/** A message body that works both as an interaction reply and as a REST message. */
export interface MessageBody {
  content?: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponent>[];
  allowed_mentions?: { parse: [] };
}

export const COLORS = { question: 0x5865f2, right: 0x57f287, wrong: 0xed4245, neutral: 0x99aab5 } as const;
const LETTERS = ["A", "B", "C", "D"];

function optionButtons(
  view: RoundView,
  state: { answered?: number | undefined; revealed: boolean; removed?: readonly number[] },
): APIActionRowComponent<APIButtonComponent> {
  return {
    type: ComponentType.ActionRow,
    components: view.options.map((option, choice) => {
      let style = ButtonStyle.Secondary;
      if (state.revealed && option === view.question.answer) style = ButtonStyle.Success;
      else if (state.revealed && choice === state.answered) style = ButtonStyle.Danger;
      else if (!state.revealed && !state.removed?.includes(choice)) style = ButtonStyle.Primary;
      return {
        type: ComponentType.Button,
        custom_id: encodeButton({ kind: "ans", sessionId: view.sessionId, round: view.round, choice }),
        label: truncate(`${LETTERS[choice]}. ${option}`, DISCORD_LIMITS.buttonLabel),
        style,
        disabled: state.revealed || state.removed?.includes(choice) === true,
      };
    }),
  };
}

/** "lines 59-62, under "..." of `questions/sources/x.txt`": where to read on in the source. */
export function whereToRead(citation: CitationView, locale: Locale): string {
  const lines =
    citation.line === citation.endLine
      ? t(locale, "location.line", { line: citation.line })
      : t(locale, "location.lines", { from: citation.line, to: citation.endLine });
  const where = citation.section
    ? t(locale, "location.section", { lines, section: citation.section })
    : lines;
  return t(locale, "location.inFile", { where, sourceId: citation.sourceId });
}

/** A difficulty in words ("easy", "쉬움"). */
export function difficultyText(difficulty: Difficulty, locale: Locale): string {
  return t(locale, `difficulty.${difficulty}`);
}

/** "30 hard + 10 streak (3 in a row) + 3 speed": the parts of an answer's points, in words. */
export function pointsParts(breakdown: AnswerBreakdown, difficulty: Difficulty, locale: Locale): string {
  const parts = [
    t(locale, "points.base", { points: breakdown.base, difficulty: difficultyText(difficulty, locale) }),
  ];
  if (breakdown.streakBonus > 0)
    parts.push(t(locale, "points.streak", { points: breakdown.streakBonus, streak: breakdown.streak }));
  if (breakdown.speedBonus > 0) parts.push(t(locale, "points.speed", { points: breakdown.speedBonus }));
  if (breakdown.typedBonus) parts.push(t(locale, "typed.points.typed", { points: breakdown.typedBonus }));
  const joined = parts.join(" + ");
  return breakdown.hintCost
    ? `${joined} ${t(locale, "typed.points.hint", { points: breakdown.hintCost })}`
    : joined;
}

/** A right answer's verdict: its points, and how they break down when that is known. */
export interface Verdict {
  readonly correct: boolean;
  readonly chosen: string;
  readonly points: number;
  readonly breakdown?: AnswerBreakdown | undefined;
  /** The question's difficulty, which names the base points ("30 hard"). */
  readonly difficulty?: Difficulty | undefined;
  /** Fields shown with the reveal for this player: a typed verdict, a note on the wrong option picked. */
  readonly fields?: readonly APIEmbedField[] | undefined;
}

/** The embed of a question (without the answer). The question and its topics stay as the bank has them. */
export function questionEmbed(view: RoundView, extra: string | undefined, locale: Locale): APIEmbed {
  const typed = view.question.origin.kind === "community";
  const lines = view.typed
    ? typedQuestionLines(view.question, locale)
    : [asTyped(view.question.question, typed)];
  // A button cuts a long label visually (on phones well before Discord's 80): then every option
  // is also written out in full above the buttons.
  if (!view.typed && view.options.some((option) => [...option].length > OPTION_READABLE_MAX)) {
    lines.push("", ...view.options.map((option, i) => `**${LETTERS[i]}.** ${asTyped(option, typed)}`));
  }
  if (extra) lines.push("", extra);
  return {
    color: COLORS.question,
    title: t(locale, "quiz.questionTitle", { round: view.round + 1, total: view.totalRounds }),
    description: truncate(lines.join("\n"), DISCORD_LIMITS.embedDescription),
    footer: {
      text: `${difficultyText(view.question.difficulty, locale)} · ${(view.topics ?? view.question.topics).join(", ")}`,
    },
  };
}

/**
 * A question with its answer buttons, ready to be answered. (The locale defaults to English for
 * callers outside the bot's handlers, such as the benchmarks.) `removed`: the options a choice
 * hint took away, shown disabled on the player's own message (the hint button then too).
 */
export function askMessage(
  view: RoundView,
  extra?: string,
  locale: Locale = "en",
  removed?: readonly number[],
): MessageBody {
  // A typed round shows no options (they would give the answer away): its own buttons only.
  if (view.typed) {
    return {
      embeds: [questionEmbed(view, extra, locale)],
      components: [typedRoundButtons(view, locale, view.hints === true)],
    };
  }
  return {
    embeds: [questionEmbed(view, extra, locale)],
    components: [
      optionButtons(view, { revealed: false, ...(removed ? { removed } : {}) }),
      ...(view.hints ? [typedRoundButtons(view, locale, removed ? "taken" : true)] : []),
    ],
  };
}

/** What else goes into a reveal's message: fields placed before "Other sources", and the other embeds' size. */
export interface RevealExtras {
  /** Fields shown after "Where to read on" (such as who got it right in a channel round). */
  readonly fields?: readonly APIEmbedField[];
  /** Characters used by the message's other embeds: Discord's 6,000 counts all of a message's embeds. */
  readonly reserved?: number;
}

/**
 * The reveal: the right answer, the explanation, the full citation with where to read on, and
 * the passages of other sources the explanation draws on, cut to fit the message.
 */
export function revealEmbed(
  reveal: RevealView,
  verdict: Verdict | undefined,
  locale: Locale,
  extras: RevealExtras = {},
): APIEmbed {
  const c = reveal.citation;
  const date = dateText(c, locale);
  let title = t(locale, "quiz.answerTitle", { answer: reveal.answer });
  if (verdict)
    title = verdict.correct
      ? t(locale, "quiz.rightTitle", { answer: reveal.answer })
      : t(locale, "quiz.wrongTitle", { answer: reveal.answer });
  const fields = [
    {
      name: t(locale, "quiz.field.source"),
      value: truncate(`**${c.title}**\n${c.author}\n${date}`, DISCORD_LIMITS.fieldValue),
    },
    { name: t(locale, "quiz.field.passage"), value: blockQuote(c.quote) },
    {
      name: t(locale, "quiz.field.whereToReadOn"),
      value: truncate(whereToRead(c, locale), DISCORD_LIMITS.fieldValue),
    },
    ...(extras.fields ?? []),
  ];
  const footer = [
    verdict?.correct
      ? verdict.breakdown && verdict.difficulty
        ? t(locale, "points.breakdown", {
            total: verdict.points,
            parts: pointsParts(verdict.breakdown, verdict.difficulty, locale),
          })
        : t(locale, "quiz.footer.points", { points: verdict.points })
      : undefined,
    verdict && !verdict.correct && !verdict.fields?.length
      ? t(locale, "quiz.footer.youAnswered", { chosen: verdict.chosen })
      : undefined,
    reveal.communityAdded ? t(locale, "quiz.footer.communityAdded") : undefined,
  ].filter((part) => part !== undefined);
  const embed: APIEmbed = {
    color: verdict ? (verdict.correct ? COLORS.right : COLORS.wrong) : COLORS.right,
    title: truncate(title, DISCORD_LIMITS.embedTitle),
    url: c.url,
    description: truncate(
      asTyped(reveal.explanation, reveal.communityAdded),
      DISCORD_LIMITS.embedDescription,
    ),
    fields,
    footer: footer.length > 0 ? { text: truncate(footer.join(" · "), DISCORD_LIMITS.footer) } : undefined,
  };
  // The passage's translation goes beneath it, cut first when the message runs out of room: the
  // passage is the evidence and is never cut for it.
  if (c.quoteTranslation) {
    const name = t(locale, "quiz.field.translation");
    const room = EMBED_TOTAL_LIMIT - (extras.reserved ?? 0) - embedLength(embed) - name.length;
    if (room >= MIN_TRANSLATION)
      fields.splice(2, 0, {
        name,
        value: truncate(c.quoteTranslation, Math.min(DISCORD_LIMITS.fieldValue, room)),
      });
  }
  const budget = EMBED_TOTAL_LIMIT - (extras.reserved ?? 0) - embedLength(embed);
  fields.push(...otherSourceFields(reveal.otherSources, budget, locale));
  return embed;
}

/** A translation cut shorter than this says too little to be worth showing. */
const MIN_TRANSLATION = 20;

/** Discord refuses an embed whose title, description, field names and values and footer add up to more. */
const EMBED_TOTAL_LIMIT = 6000;

/** The characters of an embed that count towards Discord's 6,000. */
export function embedLength(embed: APIEmbed): number {
  const fields = (embed.fields ?? []).reduce((sum, f) => sum + f.name.length + f.value.length, 0);
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    fields +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0)
  );
}

/**
 * One "Other sources" field per citation of another source: its note, its passage, and whose
 * words they are. The fields share what is left of the embed's 6,000 characters, so a long
 * passage is cut (with an ellipsis) rather than the reveal refused.
 */
function otherSourceFields(others: readonly OtherSourceView[], budget: number, locale: Locale) {
  const fields: { name: string; value: string }[] = [];
  let left = budget;
  others.forEach((other, i) => {
    const name = truncate(
      t(locale, "quiz.field.otherSources", { title: other.title }),
      DISCORD_LIMITS.fieldName,
    );
    // Share what is left evenly between this field and the ones after it.
    const share = Math.floor(left / (others.length - i)) - name.length;
    if (share < 40) return;
    const byline = `— ${other.author}, ${dateText(other, locale)} (${whereToRead(other, locale)})`;
    const note = other.note ? `*${other.note}*\n` : "";
    const max = Math.min(DISCORD_LIMITS.fieldValue, share);
    const tail = `\n${byline}`;
    const quoteRoom = max - note.length - tail.length;
    const quote = blockQuote(other.quote, quoteRoom);
    // The translation takes what the passage leaves: it is cut (or left out) before the passage is.
    const translationRoom = quoteRoom - quote.length - 1;
    const translation =
      other.quoteTranslation && translationRoom >= MIN_TRANSLATION
        ? `\n${truncate(t(locale, "quiz.otherTranslation", { text: other.quoteTranslation }), translationRoom)}`
        : "";
    const value =
      quoteRoom >= 20 ? `${note}${quote}${translation}${tail}` : truncate(blockQuote(other.quote), max);
    fields.push({ name, value });
    left -= name.length + value.length;
  });
  return fields;
}

/** A source's date as the reveal shows it ("undated (...)" when the metadata has no date). */
function dateText(citation: CitationView, locale: Locale): string {
  if (citation.date !== "undated") return citation.date;
  return citation.dateNote
    ? t(locale, "date.undatedWithNote", { note: citation.dateNote })
    : t(locale, "date.undated");
}

/** Solo: the answered question, its reveal, and a button to go on. */
export function soloRevealMessage(
  view: RoundView,
  reveal: RevealView,
  verdict: Verdict & { choice: number },
  locale: Locale,
): MessageBody {
  const last = view.round + 1 >= view.totalRounds;
  const question = questionEmbed(view, undefined, locale);
  return {
    embeds: [
      question,
      revealEmbed(reveal, { ...verdict, difficulty: view.question.difficulty }, locale, {
        reserved: embedLength(question),
        fields: verdict.fields ?? [],
      }),
    ],
    components: [
      ...(view.typed ? [] : [optionButtons(view, { revealed: true, answered: verdict.choice })]),
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.Button,
            custom_id: encodeButton({ kind: "next", sessionId: view.sessionId, round: view.round }),
            label: t(locale, last ? "quiz.button.summary" : "quiz.button.next"),
            style: ButtonStyle.Success,
          },
          reportButton(reveal.questionId, locale),
        ],
      },
    ],
  };
}

/** "Report": for a question whose passage does not support its answer (opens a form). */
function reportButton(questionId: string, locale: Locale): APIButtonComponent {
  return {
    type: ComponentType.Button,
    custom_id: encodeButton({ kind: "rep", questionId }),
    label: t(locale, "quiz.button.report"),
    style: ButtonStyle.Secondary,
  };
}

/** Who scored what in a session, best first, with right answers out of the questions asked, within a field's limit. */
export function standingsLines(
  rows: { userId: string; tally: SessionTally }[],
  asked: number,
  locale: Locale,
  max = 10,
): string {
  if (rows.length === 0) return t(locale, "quiz.standings.nobody");
  const lines = rows.slice(0, max).map((r, i) =>
    t(locale, "quiz.standings.row", {
      rank: i + 1,
      user: userMention(r.userId),
      points: r.tally.points,
      correct: r.tally.correct,
      asked,
    }),
  );
  if (rows.length > max) lines.push(t(locale, "list.andMorePeople", { count: rows.length - max }));
  return truncate(lines.join("\n"), DISCORD_LIMITS.fieldValue);
}

/** Solo: the summary at the end of a quiz. */
export function soloSummaryMessage(
  state: SessionState,
  tally: SessionTally,
  standing: string,
  locale: Locale,
): MessageBody {
  return {
    embeds: [
      {
        color: COLORS.question,
        title: t(locale, "quiz.summary.title"),
        description: [
          t(locale, "quiz.summary.score", {
            correct: tally.correct,
            total: state.questionIds.length,
            points: tally.points,
          }),
          standing,
          "",
          t(locale, "quiz.summary.readOn"),
        ].join("\n"),
      },
    ],
    // "Redo my mistakes" replays the questions missed, until each is right once.
    components: state.missed?.length
      ? [{ type: ComponentType.ActionRow, components: [redoButton(state.id, locale)] }]
      : [],
  };
}

/** How many players picked each option of a round, in the order shown. */
export function picksPerOption(
  view: RoundView,
  state: SessionState,
): { option: string; picks: number; right: boolean }[] {
  const counts = view.options.map(() => 0);
  for (const a of Object.values(state.answers))
    if (a.choice < counts.length) counts[a.choice] = (counts[a.choice] ?? 0) + 1;
  return view.options.map((option, i) => ({
    option,
    picks: counts[i] ?? 0,
    right: option === view.question.answer,
  }));
}

/** Right players listed in the channel reveal, one per line with their points; the rest are counted. */
const RIGHT_PLAYERS_SHOWN = 10;

/**
 * Channel rounds: the question message once time is up, with the reveal, the picks per option in
 * text (for screen readers and clients that hide images), and who got it right with their points.
 * `chart` names the attached picks chart, shown as the reveal's image.
 */
export function channelRevealMessage(
  view: RoundView,
  reveal: RevealView,
  state: SessionState,
  nextNote: string,
  locale: Locale,
  chart?: string,
  /** What a live round adds: a field after who got it right (the teams), and a row of controls. */
  live: {
    readonly fields?: readonly APIEmbedField[];
    readonly controls?: APIActionRowComponent<APIButtonComponent>;
  } = {},
): MessageBody {
  const answers = Object.entries(state.answers);
  const right = answers.filter(([, a]) => a.correct).sort((a, b) => b[1].points - a[1].points);
  const shown = right.slice(0, RIGHT_PLAYERS_SHOWN).map(([userId, a]) =>
    a.breakdown
      ? t(locale, "points.player", {
          user: userMention(userId),
          total: a.points,
          parts: pointsParts(a.breakdown, view.question.difficulty, locale),
        })
      : `${userMention(userId)} +${a.points}`,
  );
  if (right.length > shown.length)
    shown.push(t(locale, "list.andMorePeople", { count: right.length - shown.length }));
  const picks = {
    name: t(locale, "quiz.channel.picks"),
    value: truncate(
      picksPerOption(view, state)
        .map((p, i) =>
          t(locale, "quiz.channel.picksRow", {
            option: `${LETTERS[i]}. ${p.option}${p.right ? " ✓" : ""}`,
            count: p.picks,
          }),
        )
        .join("\n"),
      DISCORD_LIMITS.fieldValue,
    ),
  };
  const results = {
    name: t(locale, "quiz.channel.gotItRight", { right: right.length, total: answers.length }),
    value: truncate(
      shown.length > 0 ? shown.join("\n") : t(locale, "quiz.channel.nobodyRight"),
      DISCORD_LIMITS.fieldValue,
    ),
  };
  const question = questionEmbed(view, undefined, locale);
  return {
    content: nextNote,
    embeds: [
      question,
      {
        ...revealEmbed(reveal, undefined, locale, {
          fields: [picks, results, ...typedStats(state, view.options, locale), ...(live.fields ?? [])],
          reserved: embedLength(question),
        }),
        ...(chart ? { image: { url: `attachment://${chart}` } } : {}),
      },
    ],
    components: [
      optionButtons(view, { revealed: true }),
      {
        type: ComponentType.ActionRow,
        components: [
          reportButton(reveal.questionId, locale),
          ...(view.question.wrongNotes?.length ? [whyWrongButton(state.id, view.round, locale)] : []),
        ],
      },
      ...(live.controls ? [live.controls] : []),
    ],
    allowed_mentions: { parse: [] },
  };
}

function typedStats(state: SessionState, options: readonly string[], locale: Locale): APIEmbedField[] {
  const field = typedStatsField(state, options, locale);
  return field ? [field] : [];
}

/** How many of a session's questions were asked: all once it completed, else up to the current round. */
export function questionsAsked(state: SessionState): number {
  return state.endedReason === "completed"
    ? state.questionIds.length
    : Math.min(state.questionIds.length, state.round + 1);
}

/** Channel rounds: the final scoreboard. */
export function finalScoreboardMessage(
  state: SessionState,
  rows: { userId: string; tally: SessionTally }[],
  locale: Locale,
): MessageBody {
  const why =
    state.endedReason === "stopped"
      ? t(locale, "quiz.channel.stopped")
      : state.endedReason === "failed"
        ? t(locale, "quiz.channel.failed")
        : t(locale, "quiz.channel.allDone", { count: state.questionIds.length });
  return {
    embeds: [
      {
        color: COLORS.question,
        title: t(locale, "quiz.channel.finalTitle"),
        description: t(locale, "quiz.channel.finalDescription", { why }),
        fields: [
          {
            name: t(locale, "quiz.channel.players"),
            value: standingsLines(rows, questionsAsked(state), locale),
          },
        ],
      },
    ],
    components: [],
    allowed_mentions: { parse: [] },
  };
}

/**
 * The scoring rules in words, from the numbers in src/engine/scoring.ts and, when given, a server's
 * `/settings scoring` (a bonus it turned off is said to be off; how assignments are scored).
 */
export function scoringRulesText(locale: Locale, server?: ServerScoring): string {
  const b = SCORING.basePoints;
  const lines = [t(locale, "scoring.base", { easy: b.easy, medium: b.medium, hard: b.hard })];
  lines.push(
    server?.streak === false
      ? t(locale, "scoring.serverStreakOff")
      : t(locale, "scoring.streak", { perAnswer: SCORING.streakBonusPerAnswer, max: SCORING.streakBonusMax }),
  );
  lines.push(
    server?.speed === false
      ? t(locale, "scoring.serverSpeedOff")
      : t(locale, "scoring.speed", { max: SCORING.speedBonusMax }),
  );
  lines.push(t(locale, "typed.scoring"));
  lines.push(t(locale, "scoring.wrong"));
  if (server) {
    lines.push(t(locale, "scoring.assignments", { marks: t(locale, `settings.marks.${server.marks}`) }));
  }
  return lines.join("\n");
}

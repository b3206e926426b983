import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  ButtonStyle,
  ComponentType,
} from "discord.js";
import type { RoundView } from "../../game/quiz.ts";
import { locationText, type RevealView } from "../../quiz/reveal.ts";
import { SCORING } from "../../quiz/scoring.ts";
import type { SessionState, SessionTally } from "../../quiz/session.ts";
import { encodeButton } from "../custom-id.ts";
import { blockQuote, DISCORD_LIMITS, truncate, userMention } from "./text.ts";

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
  state: { answered?: number | undefined; revealed: boolean },
): APIActionRowComponent<APIButtonComponent> {
  return {
    type: ComponentType.ActionRow,
    components: view.options.map((option, choice) => {
      let style = ButtonStyle.Secondary;
      if (state.revealed && option === view.question.answer) style = ButtonStyle.Success;
      else if (state.revealed && choice === state.answered) style = ButtonStyle.Danger;
      else if (!state.revealed) style = ButtonStyle.Primary;
      return {
        type: ComponentType.Button,
        custom_id: encodeButton({ kind: "ans", sessionId: view.sessionId, round: view.round, choice }),
        label: truncate(`${LETTERS[choice]}. ${option}`, DISCORD_LIMITS.buttonLabel),
        style,
        disabled: state.revealed,
      };
    }),
  };
}

/** The embed of a question (without the answer). */
export function questionEmbed(view: RoundView, extra?: string): APIEmbed {
  const lines = [view.question.question];
  if (extra) lines.push("", extra);
  return {
    color: COLORS.question,
    title: `Question ${view.round + 1} of ${view.totalRounds}`,
    description: truncate(lines.join("\n"), DISCORD_LIMITS.embedDescription),
    footer: { text: `${view.question.difficulty} · ${view.question.topics.join(", ")}` },
  };
}

/** A question with its answer buttons, ready to be answered. */
export function askMessage(view: RoundView, extra?: string): MessageBody {
  return { embeds: [questionEmbed(view, extra)], components: [optionButtons(view, { revealed: false })] };
}

/** The reveal: the right answer, the explanation, and the full citation with where to read on. */
export function revealEmbed(
  reveal: RevealView,
  verdict?: { correct: boolean; chosen: string; points: number },
): APIEmbed {
  const c = reveal.citation;
  const date = c.date === "undated" ? `undated${c.dateNote ? ` (${c.dateNote})` : ""}` : c.date;
  let title = `The answer: ${reveal.answer}`;
  if (verdict)
    title = verdict.correct ? `✅ Right! ${reveal.answer}` : `❌ Not quite. The answer: ${reveal.answer}`;
  const fields = [
    { name: "Source", value: truncate(`**${c.title}**\n${c.author}\n${date}`, DISCORD_LIMITS.fieldValue) },
    { name: "The passage", value: blockQuote(c.quote) },
    {
      name: "Where to read on",
      value: truncate(
        `${locationText(c)} of \`questions/sources/${c.sourceId}.txt\``,
        DISCORD_LIMITS.fieldValue,
      ),
    },
  ];
  const footer = [
    verdict?.correct ? `+${verdict.points} points` : undefined,
    verdict && !verdict.correct ? `You answered: ${verdict.chosen}` : undefined,
    reveal.communityAdded ? "Community-added question" : undefined,
  ].filter((part) => part !== undefined);
  return {
    color: verdict ? (verdict.correct ? COLORS.right : COLORS.wrong) : COLORS.right,
    title: truncate(title, DISCORD_LIMITS.embedTitle),
    url: c.url,
    description: truncate(reveal.explanation, DISCORD_LIMITS.embedDescription),
    fields,
    footer: footer.length > 0 ? { text: truncate(footer.join(" · "), DISCORD_LIMITS.footer) } : undefined,
  };
}

/** Solo: the answered question, its reveal, and a button to go on. */
export function soloRevealMessage(
  view: RoundView,
  reveal: RevealView,
  verdict: { correct: boolean; chosen: string; points: number; choice: number },
): MessageBody {
  const last = view.round + 1 >= view.totalRounds;
  return {
    embeds: [questionEmbed(view), revealEmbed(reveal, verdict)],
    components: [
      optionButtons(view, { revealed: true, answered: verdict.choice }),
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.Button,
            custom_id: encodeButton({ kind: "next", sessionId: view.sessionId, round: view.round }),
            label: last ? "See my summary" : "Next question",
            style: ButtonStyle.Success,
          },
          reportButton(reveal.questionId),
        ],
      },
    ],
  };
}

/** "Report": for a question whose passage does not support its answer (opens a form). */
function reportButton(questionId: string): APIButtonComponent {
  return {
    type: ComponentType.Button,
    custom_id: encodeButton({ kind: "rep", questionId }),
    label: "Report a problem",
    style: ButtonStyle.Secondary,
  };
}

/** Who scored what in a session, best first, as lines of text within a field's limit. */
export function standingsLines(rows: { userId: string; tally: SessionTally }[], max = 10): string {
  if (rows.length === 0) return "Nobody answered.";
  const lines = rows
    .slice(0, max)
    .map(
      (r, i) =>
        `**${i + 1}.** ${userMention(r.userId)}: ${r.tally.points} points (${r.tally.correct}/${r.tally.answered} right)`,
    );
  if (rows.length > max) lines.push(`…and ${rows.length - max} more`);
  return truncate(lines.join("\n"), DISCORD_LIMITS.fieldValue);
}

/** Solo: the summary at the end of a quiz. */
export function soloSummaryMessage(state: SessionState, tally: SessionTally, standing: string): MessageBody {
  return {
    embeds: [
      {
        color: COLORS.question,
        title: "Quiz complete",
        description: [
          `You got **${tally.correct} of ${state.questionIds.length}** right and earned **${tally.points} points**.`,
          standing,
          "",
          "Every answer came with its source: read on in the passages above, or run `/sources`.",
        ].join("\n"),
      },
    ],
    components: [],
  };
}

/** Channel rounds: the question message once time is up, with the reveal and who got it right. */
export function channelRevealMessage(
  view: RoundView,
  reveal: RevealView,
  state: SessionState,
  nextNote: string,
): MessageBody {
  const answers = Object.entries(state.answers);
  const right = answers.filter(([, a]) => a.correct).sort((a, b) => b[1].points - a[1].points);
  const shown = right.slice(0, 15).map(([userId, a]) => `${userMention(userId)} +${a.points}`);
  if (right.length > shown.length) shown.push(`…and ${right.length - shown.length} more`);
  const results = {
    name: `${right.length} of ${answers.length} player(s) got it right`,
    value: truncate(shown.length > 0 ? shown.join(", ") : "Nobody this time.", DISCORD_LIMITS.fieldValue),
  };
  const embed = revealEmbed(reveal);
  return {
    content: nextNote,
    embeds: [questionEmbed(view), { ...embed, fields: [...(embed.fields ?? []), results] }],
    components: [
      optionButtons(view, { revealed: true }),
      { type: ComponentType.ActionRow, components: [reportButton(reveal.questionId)] },
    ],
    allowed_mentions: { parse: [] },
  };
}

/** Channel rounds: the final scoreboard. */
export function finalScoreboardMessage(
  state: SessionState,
  rows: { userId: string; tally: SessionTally }[],
): MessageBody {
  const why =
    state.endedReason === "stopped"
      ? "The round was stopped."
      : state.endedReason === "failed"
        ? "The round had to end early."
        : `All ${state.questionIds.length} questions done.`;
  return {
    embeds: [
      {
        color: COLORS.question,
        title: "Final scoreboard",
        description: `${why} Points count toward this server's \`/leaderboard\`.`,
        fields: [{ name: "Players", value: standingsLines(rows) }],
      },
    ],
    components: [],
    allowed_mentions: { parse: [] },
  };
}

/** The scoring rules in words, from the numbers in src/quiz/scoring.ts. */
export function scoringRulesText(): string {
  const b = SCORING.basePoints;
  return [
    `A right answer earns ${b.easy} points (easy), ${b.medium} (medium) or ${b.hard} (hard).`,
    `Streak bonus: +${SCORING.streakBonusPerAnswer} for each right answer in a row before it, up to +${SCORING.streakBonusMax}.`,
    `Channel rounds: up to +${SCORING.speedBonusMax} for answering fast, falling to 0 at the time limit.`,
    "A wrong answer earns nothing and ends your streak; points are never taken away.",
  ].join("\n");
}

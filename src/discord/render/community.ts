import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  type APIEmbedField,
  type APIModalInteractionResponseCallbackData,
  ButtonStyle,
  ComponentType,
  TextInputStyle,
} from "discord.js";
import type { Bank } from "../../bank/bank.ts";
import type { NearDuplicate } from "../../bank/duplicates.ts";
import type { Giveaway } from "../../bank/giveaways.ts";
import { localizeQuestion, topicName } from "../../bank/localize.ts";
import type { Question } from "../../bank/question.ts";
import {
  fieldLabel,
  SUBMISSION_FIELDS,
  type SubmissionDraft,
  type SubmissionProblem,
} from "../../bank/submission.ts";
import { revealOf } from "../../engine/reveal.ts";
import { type Locale, type MessageArgs, t, translate } from "../../i18n/index.ts";
import type { CommunityQuestion, QuestionReport } from "../../records/community.ts";
import { encodeButton, encodeModal } from "../interactions/custom-id.ts";
import { COLORS, difficultyText, type MessageBody, whereToRead } from "./quiz.ts";
import { asTyped, blockQuote, DISCORD_LIMITS, escapeMarkdown, truncate, userMention } from "./text.ts";

type ButtonRow = APIActionRowComponent<APIButtonComponent>;

type ActionStyle = ButtonStyle.Primary | ButtonStyle.Secondary | ButtonStyle.Success | ButtonStyle.Danger;

function row(...buttons: { id: string; label: string; style: ActionStyle }[]): ButtonRow {
  return {
    type: ComponentType.ActionRow,
    components: buttons.map((b) => ({
      type: ComponentType.Button,
      custom_id: b.id,
      label: b.label,
      style: b.style,
    })),
  };
}

/** The proposal form, filled in with a draft when one is being fixed. */
export function proposalModal(
  options: { source: string; difficulty: SubmissionDraft["difficulty"]; topic: string },
  draft: SubmissionDraft | undefined,
  locale: Locale,
): APIModalInteractionResponseCallbackData {
  return {
    custom_id: encodeModal({ kind: "mqadd", ...options }),
    title: truncate(t(locale, "propose.modalTitle", { source: options.source }), 45),
    components: SUBMISSION_FIELDS.map((field) => {
      const value = draft?.[field.id];
      return {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.TextInput,
            custom_id: field.id,
            label: truncate(t(locale, `submission.field.${field.id}`), 45),
            style: field.paragraph ? TextInputStyle.Paragraph : TextInputStyle.Short,
            required: field.required,
            max_length: Math.min(4000, field.max),
            ...(value ? { value: value.slice(0, Math.min(4000, field.max)) } : {}),
          },
        ],
      };
    }),
  };
}

/** A problem message, its parameters (the member's own text, quoted back) shown as typed, not as Markdown. */
function shownProblem(locale: Locale, [key, params]: MessageArgs): string {
  const escaped =
    params &&
    Object.fromEntries(
      Object.entries(params).map(([k, v]) => [k, typeof v === "string" ? escapeMarkdown(v) : v]),
    );
  // The same key with the same parameter names: only the values changed.
  return translate(locale, ...([key, escaped] as MessageArgs));
}

/** What is wrong with a submission, every problem at once, and a button to fix it. */
export function submissionProblemsMessage(
  problems: readonly SubmissionProblem[],
  locale: Locale,
): MessageBody {
  const lines = problems.map(
    (p) =>
      `• **${fieldLabel(p.field, locale)}**: ${shownProblem(locale, p.message)}${p.hint ? `\n  ↳ ${shownProblem(locale, p.hint)}` : ""}`,
  );
  return {
    embeds: [
      {
        color: COLORS.wrong,
        title:
          problems.length === 1
            ? t(locale, "propose.problemsTitleOne")
            : t(locale, "propose.problemsTitleMany", { count: problems.length }),
        description: truncate(lines.join("\n"), DISCORD_LIMITS.embedDescription),
        footer: { text: t(locale, "propose.problemsFooter") },
      },
    ],
    components: [
      row({
        id: encodeButton({ kind: "qedit" }),
        label: t(locale, "propose.editButton"),
        style: ButtonStyle.Primary,
      }),
    ],
    allowed_mentions: { parse: [] },
  };
}

/** A question with its verified citation, for review, /question show and reports. */
export function questionDetailEmbed(bank: Bank, question: Question, title: string, locale: Locale): APIEmbed {
  // The reader's language for the text, the source's own words for the passage.
  const shown = localizeQuestion(bank, question, locale);
  const reveal = revealOf(bank, question, locale);
  const c = reveal.citation;
  const typed = (text: string) => asTyped(text, question.origin.kind === "community");
  const options = [`✅ ${typed(shown.answer)}`, ...shown.wrong.map((w) => `✗ ${typed(w)}`)].join("\n");
  return {
    color: COLORS.question,
    title: truncate(title, DISCORD_LIMITS.embedTitle),
    description: truncate(typed(shown.question), DISCORD_LIMITS.embedDescription),
    fields: [
      { name: t(locale, "detail.options"), value: truncate(options, DISCORD_LIMITS.fieldValue) },
      {
        name: t(locale, "detail.explanation"),
        value: truncate(typed(shown.explanation), DISCORD_LIMITS.fieldValue),
      },
      {
        name: t(locale, "detail.source"),
        value: truncate(`**${c.title}**\n${c.author}, ${c.date}`, DISCORD_LIMITS.fieldValue),
      },
      { name: t(locale, "quiz.field.passage"), value: blockQuote(c.quote) },
      { name: t(locale, "detail.where"), value: truncate(whereToRead(c, locale), DISCORD_LIMITS.fieldValue) },
    ],
    footer: {
      text: truncate(
        `${question.id} · ${difficultyText(question.difficulty, locale)} · ${question.topics.map((topic) => topicName(bank, topic, locale)).join(", ")}`,
        DISCORD_LIMITS.footer,
      ),
    },
  };
}

/** A question with its verified citation, some fields about it first, and a row of action buttons. */
function questionWithActions(
  bank: Bank,
  question: Question,
  title: string,
  locale: Locale,
  leadingFields: APIEmbedField[],
  buttons: { id: string; label: string; style: ActionStyle }[],
): MessageBody {
  const embed = questionDetailEmbed(bank, question, title, locale);
  embed.fields = [...leadingFields, ...(embed.fields ?? [])];
  return { embeds: [embed], components: [row(...buttons)], allowed_mentions: { parse: [] } };
}

/** One pending proposal with Approve / Reject. */
export function reviewMessage(
  bank: Bank,
  record: CommunityQuestion,
  question: Question,
  pending: number,
  locale: Locale,
  duplicates: readonly NearDuplicate[] = [],
  giveaways: readonly Giveaway[] = [],
): MessageBody {
  const warning: APIEmbedField[] =
    duplicates.length > 0
      ? [
          {
            name: t(locale, "review.duplicateTitle"),
            value: truncate(
              t(locale, "review.duplicateWarning", { questions: duplicateList(duplicates) }),
              DISCORD_LIMITS.fieldValue,
            ),
          },
        ]
      : [];
  const given = giveawayLines(giveaways, question.id, locale);
  if (given.length > 0) {
    warning.push({
      name: t(locale, "review.giveawayTitle"),
      value: truncate(given.join("\n"), DISCORD_LIMITS.fieldValue),
    });
  }
  return questionWithActions(
    bank,
    question,
    t(locale, "review.pendingTitle", { pending }),
    locale,
    [
      {
        name: t(locale, "review.proposedBy"),
        value: record.drafted
          ? t(locale, "review.draftedBy", { userId: record.drafted.by, source: record.drafted.sourceId })
          : userMention(record.authorId),
      },
      ...warning,
    ],
    [
      {
        id: encodeButton({ kind: "qok", questionId: record.id }),
        label: t(locale, "review.approve"),
        style: ButtonStyle.Success,
      },
      {
        id: encodeButton({ kind: "qfix", questionId: record.id }),
        label: t(locale, "review.edit"),
        style: ButtonStyle.Secondary,
      },
      {
        id: encodeButton({ kind: "qno", questionId: record.id }),
        label: t(locale, "review.reject"),
        style: ButtonStyle.Danger,
      },
    ],
  );
}

/** The review screen's Edit form: the proposal form filled with a pending proposal's text, submitted as an edit. */
export function proposalEditModal(
  record: CommunityQuestion,
  locale: Locale,
): APIModalInteractionResponseCallbackData {
  const form = proposalModal(record.draft, record.draft, locale);
  return {
    ...form,
    custom_id: encodeModal({ kind: "mqfix", questionId: record.id }),
    title: truncate(t(locale, "review.editModalTitle"), 45),
  };
}

/**
 * What a new question's giveaways mean for quizzes, one line each: the questions that show its
 * answer, those whose answer it shows, and a source whose citation prints its answer.
 */
export function giveawayLines(giveaways: readonly Giveaway[], questionId: string, locale: Locale): string[] {
  const unique = (ids: string[]) => [...new Set(ids)].map((id) => ({ id }));
  const shownBy = unique(
    giveaways.flatMap((g) => ("questionId" in g.by && g.askedId === questionId ? [g.by.questionId] : [])),
  );
  const shows = unique(
    giveaways.flatMap((g) => ("questionId" in g.by && g.by.questionId === questionId ? [g.askedId] : [])),
  );
  const sources = [...new Set(giveaways.flatMap((g) => ("sourceId" in g.by ? [g.by.sourceId] : [])))];
  return [
    ...(shownBy.length > 0
      ? [`⚠️ ${t(locale, "giveaway.shownBy", { questions: duplicateList(shownBy) })}`]
      : []),
    ...(shows.length > 0 ? [`⚠️ ${t(locale, "giveaway.shows", { questions: duplicateList(shows) })}`] : []),
    ...sources.map((source) => `⚠️ ${t(locale, "giveaway.source", { source })}`),
  ];
}

/** Questions by id (`uscri-2004-hiding-in-china`, ...), at most five: those a proposal nearly repeats, or gives away. */
export function duplicateList(duplicates: readonly { readonly id: string }[]): string {
  const shown = duplicates.slice(0, 5).map((d) => `\`${d.id}\``);
  return duplicates.length > 5 ? `${shown.join(", ")}, …` : shown.join(", ");
}

/** A one-line modal: the reason for a rejection, or what is wrong with a question (texts already translated). */
export function reasonModal(
  customId: string,
  title: string,
  label: string,
  placeholder: string,
): APIModalInteractionResponseCallbackData {
  return {
    custom_id: customId,
    title: truncate(title, 45),
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.TextInput,
            custom_id: "reason",
            label: truncate(label, 45),
            style: TextInputStyle.Paragraph,
            required: true,
            min_length: 5,
            max_length: 1000,
            placeholder: truncate(placeholder, 100),
          },
        ],
      },
    ],
  };
}

/** An open report: the complaint and the question with its passage, side by side, and how to resolve it. */
export function reportMessage(
  bank: Bank,
  report: QuestionReport,
  question: Question,
  open: number,
  locale: Locale,
): MessageBody {
  return questionWithActions(
    bank,
    question,
    t(locale, "report.openTitle", { open }),
    locale,
    [
      { name: t(locale, "report.reportedBy"), value: userMention(report.reporterId), inline: true },
      {
        name: t(locale, "report.whatIsWrong"),
        value: truncate(escapeMarkdown(report.text), DISCORD_LIMITS.fieldValue),
      },
    ],
    [
      {
        id: encodeButton({ kind: "rkeep", reportId: report.id }),
        label: t(locale, "report.keep"),
        style: ButtonStyle.Secondary,
      },
      {
        id: encodeButton({ kind: "rdis", reportId: report.id }),
        label: t(locale, "report.disable"),
        style: ButtonStyle.Danger,
      },
    ],
  );
}

/** A plain private note, with no buttons (title and text already translated). */
export function noteMessage(title: string, text: string, color: number = COLORS.neutral): MessageBody {
  return {
    embeds: [{ color, title, description: truncate(text, DISCORD_LIMITS.embedDescription) }],
    components: [],
    allowed_mentions: { parse: [] },
  };
}

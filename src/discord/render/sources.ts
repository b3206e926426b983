/**
 * What `/source` shows a quiz master, always privately: a source added, what an update or a
 * removal would do to the questions that cite it (with Confirm and Cancel), what it did, and the
 * drafts queued. A source's own text appears only as the passages of questions (and the nearest
 * passage of a withdrawn one), never whole.
 */
import { type APIEmbedField, ButtonStyle, ComponentType } from "discord.js";
import type { ConfirmedChange, PreparedChange, QuestionImpact } from "../../app/sources/sources.ts";
import { type Locale, t } from "../../i18n/index.ts";
import type { CommunityQuestion } from "../../records/community.ts";
import { type ServerSource, SOURCE_LIMITS } from "../../records/sources.ts";
import { encodeButton } from "../interactions/custom-id.ts";
import { COLORS, type MessageBody } from "./quiz.ts";
import { blockQuote, DISCORD_LIMITS, escapeMarkdown, truncate } from "./text.ts";

function place(p: { line: number; section?: string | undefined }, locale: Locale): string {
  const line = t(locale, "location.line", { line: p.line });
  // A Markdown source's sections are its heading lines: shown without their "#" marks.
  return p.section ? `${line} · ${escapeMarkdown(p.section.replace(/^#+\s*/, ""))}` : line;
}

function questionLine(record: CommunityQuestion): string {
  return `\`${record.id}\` ${truncate(escapeMarkdown(record.draft.question.replace(/\s+/g, " ")), 90)}`;
}

/** The impact as embed fields: withdrawn questions (each with the nearest passage), moved ones, and a count of the rest. */
function impactFields(impact: readonly QuestionImpact[], locale: Locale, done: boolean): APIEmbedField[] {
  const fields: APIEmbedField[] = [];
  const withdrawn = impact.filter((i) => i.kind === "withdrawn");
  const moved = impact.filter((i) => i.kind === "moved");
  const restored = impact.filter((i) => i.kind === "restored");
  const removed = impact.filter((i) => i.kind === "removed");
  const kept = impact.filter((i) => i.kind === "kept");
  // At most 8 withdrawn questions get a field of their own (25 fields and 6,000 characters per embed).
  for (const item of withdrawn.slice(0, 8)) {
    const nearest = item.kind === "withdrawn" && item.nearest ? item.nearest : undefined;
    fields.push({
      name: truncate(
        t(locale, done ? "source.withdrawnField" : "source.willWithdrawField", { id: item.record.id }),
        DISCORD_LIMITS.fieldName,
      ),
      value: truncate(
        [
          truncate(escapeMarkdown(item.record.draft.question.replace(/\s+/g, " ")), 200),
          nearest
            ? `${t(locale, "source.nearestPassage")}\n${blockQuote(truncate(nearest, 500), 700)}`
            : t(locale, "source.noNearest"),
        ].join("\n"),
        DISCORD_LIMITS.fieldValue,
      ),
    });
  }
  if (withdrawn.length > 8)
    fields.push({ name: "…", value: t(locale, "list.andMore", { count: withdrawn.length - 8 }) });
  if (moved.length > 0)
    fields.push({
      name: t(locale, "source.movedField", { count: moved.length }),
      value: truncate(
        moved
          .map((m) =>
            m.kind === "moved"
              ? `${questionLine(m.record)}: ${place(m.from, locale)} → ${place(m.to, locale)}`
              : "",
          )
          .join("\n"),
        DISCORD_LIMITS.fieldValue,
      ),
    });
  if (restored.length > 0)
    fields.push({
      name: t(locale, "source.restoredField", { count: restored.length }),
      value: truncate(restored.map((r) => questionLine(r.record)).join("\n"), DISCORD_LIMITS.fieldValue),
    });
  if (removed.length > 0)
    fields.push({
      name: t(locale, done ? "source.removedField" : "source.willRemoveField", { count: removed.length }),
      value: truncate(removed.map((r) => questionLine(r.record)).join("\n"), DISCORD_LIMITS.fieldValue),
    });
  fields.push({
    name: t(locale, "source.keptField"),
    value: t(locale, "source.keptValue", { count: kept.length }),
  });
  return fields;
}

function sourceSummary(source: ServerSource, locale: Locale): string {
  return t(locale, "source.summary", {
    id: source.id,
    title: escapeMarkdown(source.meta.title),
    author: escapeMarkdown(source.meta.author),
    date: source.meta.date,
    characters: source.text.length,
    lines: source.text.split("\n").length,
    sha: source.sha256.slice(0, 12),
  });
}

/** `/source add` done. */
export function sourceAddedMessage(source: ServerSource, locale: Locale): MessageBody {
  return {
    embeds: [
      {
        color: COLORS.right,
        title: truncate(t(locale, "source.addedTitle"), DISCORD_LIMITS.embedTitle),
        description: truncate(
          [
            sourceSummary(source, locale),
            t(locale, "source.addedNext", { id: source.id, max: SOURCE_LIMITS.perServer }),
          ].join("\n\n"),
          DISCORD_LIMITS.embedDescription,
        ),
      },
    ],
    components: [],
    allowed_mentions: { parse: [] },
  };
}

/** What an update or removal would do, with Confirm and Cancel. */
export function sourceChangeMessage(change: PreparedChange, locale: Locale): MessageBody {
  const removing = change.replacement === undefined;
  return {
    embeds: [
      {
        color: COLORS.neutral,
        title: truncate(
          t(locale, removing ? "source.confirmRemoveTitle" : "source.confirmUpdateTitle", {
            id: change.source.id,
          }),
          DISCORD_LIMITS.embedTitle,
        ),
        description: truncate(
          [
            sourceSummary(change.replacement ?? change.source, locale),
            t(locale, removing ? "source.confirmRemove" : "source.confirmUpdate", {
              minutes: SOURCE_LIMITS.confirmMs / 60_000,
            }),
          ].join("\n\n"),
          DISCORD_LIMITS.embedDescription,
        ),
        fields: impactFields(change.impact, locale, false),
      },
    ],
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.Button,
            custom_id: encodeButton({ kind: "srcok", token: change.token }),
            label: t(locale, removing ? "source.confirmRemoveButton" : "source.confirmUpdateButton"),
            style: removing ? ButtonStyle.Danger : ButtonStyle.Primary,
          },
          {
            type: ComponentType.Button,
            custom_id: encodeButton({ kind: "srcno", token: change.token }),
            label: t(locale, "source.cancelButton"),
            style: ButtonStyle.Secondary,
          },
        ],
      },
    ],
    allowed_mentions: { parse: [] },
  };
}

/** What a confirmed change did (or why it did nothing). */
export function sourceChangedMessage(result: ConfirmedChange, locale: Locale): MessageBody {
  if (result.kind !== "done") {
    const key =
      result.kind === "expired"
        ? "source.changeExpired"
        : result.kind === "notYours"
          ? "source.changeNotYours"
          : "source.changedMeanwhile";
    return {
      embeds: [{ color: COLORS.wrong, description: t(locale, key) }],
      components: [],
      allowed_mentions: { parse: [] },
    };
  }
  return {
    embeds: [
      {
        color: COLORS.right,
        title: truncate(
          t(locale, result.removed ? "source.removedTitle" : "source.updatedTitle", { id: result.source.id }),
          DISCORD_LIMITS.embedTitle,
        ),
        description: result.removed ? undefined : sourceSummary(result.source, locale),
        fields: impactFields(result.impact, locale, true),
      },
    ],
    components: [],
    allowed_mentions: { parse: [] },
  };
}

/** `/source draft` done: how many drafts wait in `/question review`. */
export function draftsQueuedMessage(
  sourceId: string,
  queued: readonly CommunityQuestion[],
  locale: Locale,
): MessageBody {
  const lines = queued.map(
    (q) => `• ${truncate(escapeMarkdown(q.draft.question.replace(/\s+/g, " ")), 150)}`,
  );
  return {
    embeds: [
      {
        color: queued.length > 0 ? COLORS.right : COLORS.neutral,
        title: t(locale, "source.draftedTitle", { count: queued.length, id: sourceId }),
        description: truncate(
          [
            queued.length > 0 ? t(locale, "source.draftedNext") : t(locale, "source.draftedNone"),
            ...lines,
          ].join("\n"),
          DISCORD_LIMITS.embedDescription,
        ),
      },
    ],
    components: [],
    allowed_mentions: { parse: [] },
  };
}

/** Screens of the class workflow: sets, an assignment's post, the grade book, the due-time notice. */
import { ButtonStyle, ComponentType } from "discord.js";
import { latestDue } from "../../app/lessons/attempts.ts";
import type { StudentGrade } from "../../app/lessons/grading.ts";
import type { ResultDetail, StudentResult } from "../../app/lessons/results.ts";
import type { SetEntry } from "../../app/lessons/sets.ts";
import type { Marking } from "../../app/scoring.ts";
import { type Locale, t } from "../../i18n/index.ts";
import type { Assignment, GradeResult, QuestionSet } from "../../records/lessons.ts";
import { LESSON_LIMITS } from "../../records/lessons.ts";
import { encodeButton } from "../interactions/custom-id.ts";
import { COLORS, type MessageBody } from "./quiz.ts";
import { blockQuote, DISCORD_LIMITS, escapeMarkdown, percent, truncate, userMention } from "./text.ts";

const unix = (ms: number) => Math.floor(ms / 1000);

/**
 * Lines joined to fit a limit, with "…and N more" when some had to go. `more` says what the lines
 * are: things (questions, sets, results) or people (students), which Korean counts differently.
 */
function fitLines(
  lines: readonly string[],
  max: number,
  locale: Locale,
  more: "list.andMore" | "list.andMorePeople" = "list.andMore",
): string {
  const kept: string[] = [];
  let length = 0;
  for (const [i, line] of lines.entries()) {
    const rest = t(locale, more, { count: lines.length - i });
    if (length + line.length + 1 + rest.length + 1 > max) {
      kept.push(rest);
      break;
    }
    kept.push(line);
    length += line.length + 1;
  }
  return kept.join("\n");
}

function entryLine(entry: SetEntry, i: number, locale: Locale): string {
  const text = entry.question ? truncate(entry.question.question, 110) : "";
  const mark =
    entry.status === "removed"
      ? ` ⚠️ ${t(locale, "lessons.set.removed")}`
      : entry.status === "disabled"
        ? ` ⚠️ ${t(locale, "lessons.set.disabled")}`
        : "";
  return `${i + 1}. ${escapeMarkdown(text)} \`${entry.id}\`${mark}`;
}

/** A set with its questions in order, marking the ones that can no longer be played. */
export function setMessage(
  set: QuestionSet,
  entries: readonly SetEntry[],
  locale: Locale,
  note?: string,
  /** Said instead of the questions when they are kept from the viewer (an open assignment's). */
  hidden?: string,
): MessageBody {
  const lines = entries.map((e, i) => entryLine(e, i, locale));
  return {
    ...(note ? { content: truncate(note, DISCORD_LIMITS.content) } : {}),
    embeds: [
      {
        color: COLORS.question,
        title: truncate(t(locale, "lessons.set.title", { name: set.name }), DISCORD_LIMITS.embedTitle),
        description:
          hidden ??
          (lines.length === 0
            ? t(locale, "lessons.set.empty", { name: set.name })
            : fitLines(lines, DISCORD_LIMITS.embedDescription, locale)),
        footer: {
          text: t(locale, "lessons.set.footer", {
            count: set.questionIds.length,
            max: LESSON_LIMITS.questionsPerSet,
          }),
        },
      },
    ],
    components: [],
    allowed_mentions: { parse: [] },
  };
}

/** The server's sets. */
export function setsListMessage(sets: readonly QuestionSet[], locale: Locale): MessageBody {
  const lines = sets.map((s) =>
    t(locale, "lessons.sets.line", { name: escapeMarkdown(s.name), count: s.questionIds.length }),
  );
  return {
    embeds: [
      {
        color: COLORS.question,
        title: t(locale, "lessons.sets.title", { count: sets.length, max: LESSON_LIMITS.setsPerGuild }),
        description:
          lines.length === 0
            ? t(locale, "lessons.sets.none")
            : fitLines(lines, DISCORD_LIMITS.embedDescription, locale),
      },
    ],
    components: [],
    allowed_mentions: { parse: [] },
  };
}

/** The public post of an assignment: what, until when (as Discord timestamps), and its Start button. */
export function assignmentMessage(assignment: Assignment): MessageBody {
  const locale = assignment.locale;
  const lines = [
    t(locale, "lessons.assign.due", { due: unix(assignment.dueAt) }),
    ...assignmentTerms(assignment),
    t(locale, "lessons.assign.how"),
  ];
  return assignmentPost(assignment, t(locale, "lessons.assign.title", { title: assignment.title }), lines, {
    label: t(locale, "lessons.assign.start"),
    disabled: false,
  });
}

/**
 * The same post after its due time: closed, with the class's summary; Start is disabled unless late
 * attempts are allowed (they are marked late).
 */
export function closedAssignmentMessage(assignment: Assignment, detail: ResultDetail): MessageBody {
  const locale = assignment.locale;
  const { progress, gradebook } = detail;
  const lines = [
    t(locale, "lessons.assign.closedAt", { due: unix(assignment.dueAt) }),
    t(locale, "lessons.assign.closedSummary", {
      finished: progress.finished.length,
      started: progress.started.length,
      average: percent(gradebook.classAverage),
    }),
    ...assignmentTerms(assignment),
  ];
  // Start stays usable for late attempts, or for a student granted a later due time.
  const start =
    assignment.allowLate || latestDue(assignment) > assignment.dueAt
      ? { label: t(locale, "lessons.assign.start"), disabled: false }
      : { label: t(locale, "lessons.assign.closedButton"), disabled: true };
  return assignmentPost(
    assignment,
    t(locale, "lessons.assign.closedTitle", { title: assignment.title }),
    lines,
    start,
  );
}

/** What an assignment's post says of its terms: questions, attempts, lateness, the class (a role mention that pings no one), who set it. */
function assignmentTerms(assignment: Assignment): string[] {
  const locale = assignment.locale;
  const lines = [
    t(locale, "lessons.assign.questions", { count: assignment.questionIds.length }),
    assignment.maxAttempts === 1
      ? t(locale, "lessons.assign.oneAttempt")
      : t(locale, "lessons.assign.attempts", { max: assignment.maxAttempts }),
    assignment.allowLate ? t(locale, "lessons.assign.lateAllowed") : t(locale, "lessons.assign.lateClosed"),
  ];
  if (assignment.roleId) lines.push(t(locale, "lessons.assign.for", { roleId: assignment.roleId }));
  lines.push(t(locale, "lessons.assign.by", { ownerId: assignment.ownerId }));
  return lines;
}

function assignmentPost(
  assignment: Assignment,
  title: string,
  lines: readonly string[],
  start: { label: string; disabled: boolean },
): MessageBody {
  return {
    embeds: [
      {
        color: start.disabled ? COLORS.neutral : COLORS.question,
        title: truncate(title, DISCORD_LIMITS.embedTitle),
        description: lines.join("\n"),
        footer: { text: t(assignment.locale, "lessons.assign.footer", { id: assignment.id }) },
      },
    ],
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.Button,
            custom_id: encodeButton({ kind: "asg", assignmentId: assignment.id }),
            label: start.label,
            style: start.disabled ? ButtonStyle.Secondary : ButtonStyle.Primary,
            disabled: start.disabled,
          },
        ],
      },
    ],
    // The role is named by a mention so that it reads as its name; it must not ping the class.
    allowed_mentions: { parse: [] },
  };
}

function resultTitle(result: GradeResult, locale: Locale): string {
  const name = result.title ?? t(locale, "lessons.results.untitled");
  return result.kind === "assignment"
    ? t(locale, "lessons.results.assignmentTitle", { title: name })
    : t(locale, "lessons.results.roundTitle", { title: name });
}

/** One page of the grade book. */
export function resultsListMessage(
  page: { results: readonly GradeResult[]; page: number; pages: number; total: number },
  locale: Locale,
): MessageBody {
  const lines = page.results.map((r) =>
    t(locale, "lessons.results.line", {
      title: escapeMarkdown(resultTitle(r, locale)),
      id: r.id,
      when: unix(r.createdAt),
      ownerId: r.ownerId,
      count: r.questionIds.length,
    }),
  );
  return {
    embeds: [
      {
        color: COLORS.question,
        title: t(locale, "lessons.results.listTitle", { total: page.total }),
        description:
          lines.length === 0
            ? t(locale, "lessons.results.none")
            : fitLines(lines, DISCORD_LIMITS.embedDescription, locale),
        footer: { text: t(locale, "lessons.results.page", { page: page.page, pages: page.pages }) },
      },
    ],
    components: [],
    allowed_mentions: { parse: [] },
  };
}

/** A member's name on one line of an embed (a name may hold line breaks), escaped and short. */
function oneLineName(name: string): string {
  return escapeMarkdown(truncate(name.replace(/\s+/g, " ").trim(), 40));
}

function studentLine(s: StudentGrade, locale: Locale, marking: Marking = "points"): string {
  const mark =
    marking === "accuracy" ? ` · ${t(locale, "lessons.results.markPercent", { mark: s.mark })}` : "";
  return (
    t(locale, s.finished ? "lessons.results.studentDone" : "lessons.results.studentPartial", {
      name: oneLineName(s.displayName),
      right: s.right,
      asked: s.asked,
      points: s.points,
      answered: s.answered,
    }) +
    mark +
    (s.late ? ` ${t(locale, "lessons.results.lateMark")}` : "")
  );
}

/** A result: progress (for an assignment), scores, accuracy per question, and the most missed with passages. */
export function resultDetailMessage(
  detail: ResultDetail,
  rosterFrom: "role" | "players",
  locale: Locale,
): MessageBody {
  const { result, gradebook, progress, assignment } = detail;
  const header = [
    t(locale, "lessons.results.ranBy", { ownerId: result.ownerId, when: unix(result.createdAt) }),
    assignment ? t(locale, "lessons.assign.due", { due: unix(assignment.dueAt) }) : "",
    t(locale, "lessons.results.marking", { marks: t(locale, `settings.marks.${gradebook.marking}`) }),
    t(locale, "lessons.results.average", {
      average: percent(gradebook.classAverage),
      finished: progress.finished.length,
    }),
  ].filter((line) => line !== "");
  const fields = [];
  if (assignment) {
    const notStarted = progress.notStarted.map(userMention);
    fields.push({
      name: t(locale, "lessons.results.progress", {
        finished: progress.finished.length,
        started: progress.started.length,
        notStarted: progress.notStarted.length,
      }),
      value: truncate(
        [
          t(locale, "lessons.results.finished", {
            names: progress.finished.map((s) => oneLineName(s.displayName)).join(", ") || "-",
          }),
          t(locale, "lessons.results.started", {
            names: progress.started.map((s) => oneLineName(s.displayName)).join(", ") || "-",
          }),
          t(locale, "lessons.results.notStarted", { names: notStarted.join(", ") || "-" }),
          t(locale, rosterFrom === "role" ? "lessons.results.rosterRole" : "lessons.results.rosterPlayers"),
        ].join("\n"),
        DISCORD_LIMITS.fieldValue,
      ),
    });
  }
  fields.push({
    name: t(locale, "lessons.results.scores"),
    value: truncate(
      gradebook.students.length === 0
        ? t(locale, "lessons.results.nobody")
        : fitLines(
            gradebook.students.map((s) => studentLine(s, locale, gradebook.marking)),
            DISCORD_LIMITS.fieldValue,
            locale,
            "list.andMorePeople",
          ),
      DISCORD_LIMITS.fieldValue,
    ),
  });
  fields.push({
    name: t(locale, "lessons.results.perQuestion"),
    value: fitLines(
      gradebook.questions.map((q, i) =>
        t(locale, "lessons.results.questionLine", {
          n: i + 1,
          id: q.questionId,
          accuracy: percent(q.accuracy),
          correct: q.correct,
          answered: q.answered,
        }),
      ),
      DISCORD_LIMITS.fieldValue,
      locale,
    ),
  });
  for (const missed of gradebook.mostMissed.slice(0, 3)) {
    const question = detail.questions.get(missed.questionId);
    if (!question) continue;
    fields.push({
      name: truncate(
        t(locale, "lessons.results.missed", {
          missed: missed.answered - missed.correct,
          answered: missed.answered,
        }),
        DISCORD_LIMITS.fieldName,
      ),
      // 600 each keeps the whole embed within Discord's 6,000 characters with every other field full.
      value: truncate(
        `${truncate(question.question, 150)}\n**${truncate(question.answer, 80)}**\n${blockQuote(question.citation.quote, 350)}`,
        600,
      ),
    });
  }
  return {
    embeds: [
      {
        color: COLORS.question,
        title: truncate(resultTitle(result, locale), DISCORD_LIMITS.embedTitle),
        description: truncate(header.join("\n"), DISCORD_LIMITS.embedDescription),
        fields,
        footer: { text: t(locale, "lessons.results.footer", { id: result.id, zone: detail.zone }) },
      },
    ],
    components: [],
    allowed_mentions: { parse: [] },
  };
}

/** A player's own results. */
export function myResultsMessage(mine: readonly StudentResult[], locale: Locale): MessageBody {
  const lines = mine.map(
    ({ result, student, marking }) =>
      `${escapeMarkdown(resultTitle(result, locale))} · ${studentLine(student, locale, marking)}`,
  );
  return {
    embeds: [
      {
        color: COLORS.question,
        title: t(locale, "lessons.results.mineTitle"),
        description:
          lines.length === 0
            ? t(locale, "lessons.results.mineNone")
            : fitLines(lines, DISCORD_LIMITS.embedDescription, locale),
      },
    ],
    components: [],
    allowed_mentions: { parse: [] },
  };
}

/** One student's history across rounds and assignments (for a quiz master), newest first. */
export function studentHistoryMessage(
  student: { userId: string; name: string },
  history: readonly StudentResult[],
  zone: string,
  locale: Locale,
): MessageBody {
  const lines = history.map(
    ({ result, student: grade, marking }) =>
      `<t:${unix(result.createdAt)}:d> ${escapeMarkdown(resultTitle(result, locale))} · ${studentLine(grade, locale, marking)}`,
  );
  return {
    embeds: [
      {
        color: COLORS.question,
        title: truncate(
          t(locale, "lessons.results.studentTitle", { name: oneLineName(student.name) }),
          DISCORD_LIMITS.embedTitle,
        ),
        description:
          lines.length === 0
            ? t(locale, "lessons.results.studentNone", { userId: student.userId })
            : fitLines(lines, DISCORD_LIMITS.embedDescription, locale),
        footer: { text: t(locale, "lessons.results.studentFooter", { count: history.length, zone }) },
      },
    ],
    components: [],
    allowed_mentions: { parse: [] },
  };
}

/** The message a teacher gets when an assignment falls due. */
export function dueNoticeText(detail: ResultDetail, locale: Locale): string {
  const { gradebook, progress } = detail;
  return truncate(
    t(locale, "lessons.notice.due", {
      title: detail.result.title ?? "",
      finished: progress.finished.length,
      started: progress.started.length,
      notStarted: progress.notStarted.length,
      average: percent(gradebook.classAverage),
      id: detail.result.id,
    }),
    DISCORD_LIMITS.content,
  );
}

/**
 * What a live round shows beyond a plain round: its lobby, the host's controls, the notes on the
 * round message (scoring, pause, team talk), the teams' scores, and the podium at the end.
 */
import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  type APIEmbedField,
  ButtonStyle,
  ComponentType,
} from "discord.js";
import type { HostVerb, TeamStanding } from "../../app/live.ts";
import type { RoundView } from "../../app/quiz.ts";
import type { Question } from "../../bank/question.ts";
import { isPaused, teamScores, versionOf } from "../../engine/host.ts";
import type { Team } from "../../engine/live.ts";
import type { RevealView } from "../../engine/reveal.ts";
import { DEFAULT_SCORING, isLastRound, type SessionState, standings } from "../../engine/session.ts";
import { type Locale, t } from "../../i18n/index.ts";
import { encodeButton } from "../interactions/custom-id.ts";
import { askMessage, COLORS, finalScoreboardMessage, type MessageBody, questionsAsked } from "./quiz.ts";
import { blockQuote, DISCORD_LIMITS, truncate, userMention } from "./text.ts";

type Row = APIActionRowComponent<APIButtonComponent>;
type Style = ButtonStyle.Primary | ButtonStyle.Secondary | ButtonStyle.Success | ButtonStyle.Danger;

/** Players named in the lobby's list; the rest are counted ("and 12 more"), so the message stays small. */
const LOBBY_LISTED = 40;

function button(customId: string, label: string, style: Style): APIButtonComponent {
  return {
    type: ComponentType.Button,
    custom_id: customId,
    label: truncate(label, DISCORD_LIMITS.buttonLabel),
    style,
  };
}

function control(state: SessionState, verb: HostVerb, label: string, style: Style): APIButtonComponent {
  return button(
    encodeButton({ kind: "ctl", sessionId: state.id, version: versionOf(state), verb }),
    label,
    style,
  );
}

/**
 * The host's controls for the round as it is now (one row, at most 4 buttons): in the lobby Join,
 * Leave, Start and End; on a question Reveal now, Pause or Resume, Skip and End; on a reveal Next
 * question (or Podium after the last), Pause or Resume, and End. Anyone sees them; only the
 * round's starter and quiz masters may use them (checked on every click).
 */
export function hostControls(state: SessionState, locale: Locale): Row | undefined {
  if (!state.live || state.phase === "finished") return undefined;
  const pauseOrResume = isPaused(state)
    ? control(state, "resume", t(locale, "live.button.resume"), ButtonStyle.Success)
    : control(state, "pause", t(locale, "live.button.pause"), ButtonStyle.Secondary);
  const endButton = control(state, "end", t(locale, "live.button.end"), ButtonStyle.Danger);
  const components: APIButtonComponent[] =
    state.phase === "lobby"
      ? [
          button(
            encodeButton({ kind: "join", sessionId: state.id }),
            t(locale, "live.button.join"),
            ButtonStyle.Success,
          ),
          button(
            encodeButton({ kind: "leave", sessionId: state.id }),
            t(locale, "live.button.leave"),
            ButtonStyle.Secondary,
          ),
          control(state, "start", t(locale, "live.button.start"), ButtonStyle.Primary),
          endButton,
        ]
      : state.phase === "asking"
        ? [
            control(state, "next", t(locale, "live.button.revealNow"), ButtonStyle.Primary),
            pauseOrResume,
            control(state, "skip", t(locale, "live.button.skip"), ButtonStyle.Secondary),
            endButton,
          ]
        : [
            control(
              state,
              "next",
              t(locale, isLastRound(state) ? "live.button.podium" : "live.button.nextQuestion"),
              ButtonStyle.Primary,
            ),
            pauseOrResume,
            endButton,
          ];
  return { type: ComponentType.ActionRow, components };
}

/** "Scoring: speed bonus on, streak bonus off.": the round's bonuses, stated on its message. */
function scoringNote(state: SessionState, locale: Locale): string {
  const rules = state.scoring ?? DEFAULT_SCORING;
  const word = (on: boolean) => t(locale, on ? "live.on" : "live.off");
  return t(locale, "live.note.scoring", { speed: word(rules.speed), streak: word(rules.streak !== "off") });
}

/** The lines a live round adds under its question: team talk, a pause, the scoring. */
function liveNotes(state: SessionState, locale: Locale, now: number): string[] {
  if (!state.live) return [];
  const notes: string[] = [];
  if (isPaused(state)) notes.push(t(locale, "live.note.paused"));
  else if (state.phase === "asking" && now < state.roundStartedAt)
    notes.push(t(locale, "live.note.talk", { opensAt: Math.ceil(state.roundStartedAt / 1000) }));
  notes.push(scoringNote(state, locale));
  return notes;
}

/** A team as a message names it: its role (a mention that pings nobody) or its name. */
function teamLabel(team: Team): string {
  return team.roleId ? `<@&${team.roleId}>` : team.name;
}

/** The teams' scores as a field (mean points per member, best first), or none for a round without teams. */
export function teamsField(state: SessionState, locale: Locale): APIEmbedField | undefined {
  if (!state.live?.teams || state.live.teams.length === 0) return undefined;
  const rows = teamScores(state).map((s, i) =>
    t(locale, "live.teams.row", { rank: i + 1, team: teamLabel(s.team), score: s.score, members: s.members }),
  );
  const value = rows.length > 0 ? rows.join("\n") : t(locale, "live.teams.none");
  return { name: t(locale, "live.teams.field"), value: truncate(value, DISCORD_LIMITS.fieldValue) };
}

/** The lobby: who joined (the first LOBBY_LISTED named, the rest counted), the teams, the scoring, and the buttons. */
export function lobbyMessage(state: SessionState, locale: Locale): MessageBody {
  const players = state.live?.lobby?.players ?? [];
  const listed = players.slice(0, LOBBY_LISTED).map(userMention);
  if (players.length > listed.length)
    listed.push(t(locale, "list.andMore", { count: players.length - listed.length }));
  const teams = state.live?.teams ?? [];
  const teamLine =
    state.live?.teamMode === "random"
      ? t(locale, "live.lobby.randomTeams", { count: teams.length })
      : state.live?.teamMode === "roles"
        ? t(locale, "live.lobby.roleTeams", { teams: teams.map(teamLabel).join(", ") })
        : undefined;
  const controls = hostControls(state, locale);
  return {
    embeds: [
      {
        color: COLORS.question,
        title: t(locale, "live.lobby.title", { count: state.questionIds.length }),
        description: [
          t(locale, "live.lobby.description", { ownerId: state.ownerId }),
          teamLine,
          scoringNote(state, locale),
        ]
          .filter((line) => line !== undefined)
          .join("\n"),
        fields: [
          {
            name: t(locale, "live.lobby.players", { count: players.length }),
            value: truncate(
              listed.length > 0 ? listed.join(" ") : t(locale, "live.lobby.nobody"),
              DISCORD_LIMITS.fieldValue,
            ),
          },
        ],
      },
    ],
    components: controls ? [controls] : [],
    allowed_mentions: { parse: [] },
  };
}

/** The lobby once the round started (or was ended before it did): who played, no buttons. */
export function lobbyClosedMessage(state: SessionState, locale: Locale): MessageBody {
  const players = state.live?.lobby?.players.length ?? 0;
  const body = lobbyMessage(state, locale);
  return {
    ...body,
    content:
      state.phase === "finished"
        ? t(locale, "live.lobby.closed")
        : t(locale, "live.lobby.started", { count: players }),
    components: [],
  };
}

const MEDALS = ["🥇", "🥈", "🥉"];

/** The question a podium names as the most missed: the one with the lowest share right (of those answered). */
export interface MostMissed {
  readonly n: number;
  readonly question: Question;
  readonly reveal: RevealView;
  readonly right: number;
  readonly answered: number;
}

/** The most missed question of a round's results (lowest share right; ties: the earlier), if any was answered. */
export function mostMissedRound(
  state: SessionState,
): { n: number; questionId: string; right: number; answered: number } | undefined {
  let worst: { n: number; questionId: string; right: number; answered: number } | undefined;
  (state.live?.rounds ?? []).forEach((r, i) => {
    if (r.skipped || r.answered === 0) return;
    if (!worst || r.right / r.answered < worst.right / worst.answered)
      worst = { n: i + 1, questionId: r.questionId, right: r.right, answered: r.answered };
  });
  return worst;
}

/**
 * The podium: the top three with their right answers out of the questions asked and their points,
 * the teams, the class's accuracy per question (the chart `chart` draws it; the text says it too),
 * and the most missed question with its answer and passage.
 */
export function podiumMessage(
  state: SessionState,
  missed: MostMissed | undefined,
  locale: Locale,
  chart?: string,
): MessageBody {
  const asked = questionsAsked(state) - (state.live?.rounds.filter((r) => r.skipped).length ?? 0);
  const top = standings(state).slice(0, 3);
  const podium =
    top.length === 0
      ? t(locale, "live.podium.nobody")
      : top
          .map((row, i) =>
            t(locale, "live.podium.row", {
              medal: MEDALS[i] ?? "",
              user: userMention(row.userId),
              correct: row.tally.correct,
              asked,
              points: row.tally.points,
            }),
          )
          .join("\n");
  const accuracy = (state.live?.rounds ?? [])
    .map((r, i) =>
      r.skipped
        ? t(locale, "live.podium.skippedRow", { n: i + 1 })
        : t(locale, "live.podium.accuracyRow", { n: i + 1, right: r.right, answered: r.answered }),
    )
    .join("\n");
  const fields: APIEmbedField[] = [];
  const teams = teamsField(state, locale);
  if (teams) fields.push(teams);
  if (accuracy.length > 0)
    fields.push({
      name: t(locale, "live.podium.accuracy"),
      value: truncate(accuracy, DISCORD_LIMITS.fieldValue),
    });
  if (missed) {
    const passage = blockQuote(missed.reveal.citation.quote, 600);
    fields.push({
      name: t(locale, "live.podium.mostMissed", { n: missed.n }),
      value: truncate(
        t(locale, "live.podium.mostMissedValue", {
          question: truncate(missed.question.question, 300),
          answer: truncate(missed.reveal.answer, 200),
          right: missed.right,
          answered: missed.answered,
          passage,
        }),
        DISCORD_LIMITS.fieldValue,
      ),
    });
  }
  // The final scoreboard as before (its title, why it ended, every player), with the podium on top.
  const scoreboard = finalScoreboardMessage(state, standings(state), locale);
  const base = scoreboard.embeds[0] ?? {};
  const embed: APIEmbed = {
    ...base,
    color: COLORS.right,
    description: [`**${t(locale, "live.podium.title")}**`, podium, "", base.description ?? ""].join("\n"),
    fields: [...(base.fields ?? []), ...fields],
    ...(chart ? { image: { url: `attachment://${chart}` } } : {}),
  };
  return { embeds: [embed], components: [], allowed_mentions: { parse: [] } };
}

/**
 * A live round's question: the plain question with its notes (team talk, a pause, the scoring)
 * and the host's controls; during team talk the answer buttons are shown but not yet open.
 */
export function liveAskMessage(
  view: RoundView,
  state: SessionState,
  note: string,
  locale: Locale,
  now: number,
): MessageBody {
  const body = askMessage(view, [note, ...liveNotes(state, locale, now)].join("\n"), locale);
  const talking = state.phase === "asking" && now < state.roundStartedAt && !isPaused(state);
  const rows = body.components.map((row) =>
    talking ? { ...row, components: row.components.map((b) => ({ ...b, disabled: true })) } : row,
  );
  const controls = hostControls(state, locale);
  return { ...body, components: controls ? [...rows, controls] : rows, allowed_mentions: { parse: [] } };
}

/** A question the host skipped: shown with its note, its buttons closed, and no answer given away. */
export function skippedMessage(view: RoundView, locale: Locale): MessageBody {
  const body = askMessage(view, t(locale, "live.note.skipped"), locale);
  return {
    ...body,
    embeds: body.embeds.map((e) => ({ ...e, color: COLORS.neutral })),
    components: body.components.map((row) => ({
      ...row,
      components: row.components.map((b) => ({ ...b, disabled: true })),
    })),
    allowed_mentions: { parse: [] },
  };
}

/** Teams listed on the team leaderboard. */
const TEAMS_LISTED = 15;

/** `/leaderboard teams:True`: the server's teams, best first, with the rounds they played. */
export function teamBoardMessage(
  standings: readonly TeamStanding[],
  period: "all-time" | "week",
  locale: Locale,
): MessageBody {
  const rows = standings
    .slice(0, TEAMS_LISTED)
    .map((team, i) =>
      t(locale, "live.board.row", { rank: i + 1, team: team.name, points: team.points, rounds: team.rounds }),
    );
  return {
    embeds: [
      {
        color: COLORS.question,
        title: t(locale, "live.board.title", {
          period: t(locale, period === "week" ? "live.board.week" : "live.board.allTime"),
        }),
        description: truncate(
          rows.length > 0 ? rows.join("\n") : t(locale, "live.board.empty"),
          DISCORD_LIMITS.embedDescription,
        ),
        footer: { text: t(locale, "live.board.note") },
      },
    ],
    components: [],
    allowed_mentions: { parse: [] },
  };
}

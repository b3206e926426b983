/**
 * The end-to-end fixture: a test file (or a describe block) says `const h = useHarness(options)`
 * and gets the fake Discord and the bot started before its tests and stopped after them; a single
 * test that needs a bot of its own calls `startTestHarness`. `asQuizMaster` and
 * `expectNoViolations` are the two steps nearly every end-to-end test repeats.
 */
import { type APIUser, ApplicationCommandOptionType, PermissionFlagsBits as P } from "discord.js";
import { afterAll, beforeAll, expect, onTestFinished } from "vitest";
import { FakeDiscord } from "../fake-discord/index.ts";
import { type BotHarness, startHarness } from "./bot.ts";

/** What `startHarness` takes: the fake's guilds, the store, the clock, the transport, the config. */
export type HarnessOptions = NonNullable<Parameters<typeof startHarness>[0]>;

/** A member who may run the bot's quiz-master commands (Manage Server). */
export const QUIZ_MASTER = P.ViewChannel | P.SendMessages | P.ManageGuild;
/** A plain member of the channel. */
export const MEMBER = P.ViewChannel | P.SendMessages;

/**
 * Starts a harness before the tests of the enclosing file or describe block and closes it after
 * them. The returned object stands for the harness once started (reading it earlier throws).
 * `options` may be a function, for options made in a `beforeAll` that runs first.
 */
export function useHarness(options: HarnessOptions | (() => HarnessOptions | Promise<HarnessOptions>) = {}) {
  let started: BotHarness | undefined;
  beforeAll(async () => {
    started = await startHarness(typeof options === "function" ? await options() : options);
  });
  afterAll(async () => {
    await started?.close();
    started = undefined;
  });
  return new Proxy({} as BotHarness, {
    get(_, key) {
      if (!started)
        throw new Error(`the harness is not running (read of "${String(key)}" outside its tests)`);
      const value: unknown = Reflect.get(started, key, started);
      return typeof value === "function" ? value.bind(started) : value;
    },
    has(_, key) {
      return started !== undefined && key in started;
    },
    set(_, key, value) {
      if (!started) throw new Error("the harness is not running");
      return Reflect.set(started, key, value, started);
    },
  });
}

/** Starts a harness for the running test alone, closed when the test ends (pass or fail). */
export async function startTestHarness(options: HarnessOptions = {}): Promise<BotHarness> {
  const h = await startHarness(options);
  onTestFinished(() => h.close());
  return h;
}

/**
 * A quiz master in the harness's guild (or `guildId`): the given user, or a new one named
 * `username`, made a member with Manage Server.
 */
export function asQuizMaster(
  h: Pick<BotHarness, "fake" | "guildId">,
  who: APIUser | string = "quiz-master",
  guildId = h.guildId,
): APIUser {
  const user = typeof who === "string" ? h.fake.user({ username: who }) : who;
  h.fake.member(user, { guildId, permissions: QUIZ_MASTER });
  return user;
}

/**
 * A quiz master by the server's quiz-master role, without Manage Server: `/settings
 * quiz-master-role` is set (by a member with Manage Server) to a new role, which `username` gets.
 */
export async function asQuizMasterByRole(h: BotHarness, username: string): Promise<APIUser> {
  const role = h.fake.snowflake();
  const set = h.fake.slashCommand({
    channelId: h.channelId,
    user: asQuizMaster(h, `${username}-admin`),
    memberPermissions: QUIZ_MASTER,
    name: "settings",
    subcommand: "quiz-master-role",
    options: [{ name: "role", type: ApplicationCommandOptionType.Role, value: role }],
  });
  await set.waitForMessage((m) => (m.content ?? "").includes("Quiz masters are now"));
  const user = h.fake.user({ username });
  h.fake.member(user, { guildId: h.guildId, roles: [role], permissions: MEMBER });
  return user;
}

/** The fake Discord saw no breach of its rules (3-second acknowledgement, limits, pings, ...). */
export function expectNoViolations(target: FakeDiscord | { readonly fake: FakeDiscord }): void {
  const fake = target instanceof FakeDiscord ? target : target.fake;
  expect(fake.violations, fake.describeViolations()).toEqual([]);
}

/**
 * Interactions over HTTP (issue 17), end to end against the fake Discord delivering signed POSTs:
 * the real bot serving every interaction type with no gateway connection; the transport's own
 * cases on a minimal discord.js client (first responses with files, the fallback for a handler
 * that is late); and the fake's 3-second rule on both transports.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import {
  ActionRowBuilder,
  AttachmentBuilder,
  ButtonBuilder,
  ButtonStyle,
  Client,
  Events,
  GatewayIntentBits,
  type Interaction,
  InteractionResponseType,
  MessageFlags,
  ModalBuilder,
  TextInputBuilder,
  TextInputStyle,
} from "discord.js";
import { afterEach, describe, expect, it } from "vitest";
import { createHttpTransport } from "../../src/discord/transport/http/transport.ts";
import { FakeDiscord, type RecordedCall } from "../fake-discord/index.ts";
import { answerButtons, type BotHarness, optionsOf, quizCommand, startHarness } from "../helpers/bot.ts";
import { silentLogger } from "../helpers/game.ts";
import { expectNoViolations } from "../helpers/harness.ts";
import { tempDir } from "../helpers/temp-dir.ts";

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const callbacks = (calls: readonly RecordedCall[]) => calls.filter((c) => c.route.endsWith("/callback"));

describe("the bot over HTTP", () => {
  let h: BotHarness;
  const clean = () => expectNoViolations(h);

  it("serves a slash command, autocomplete, a button and a modal with no gateway connection", async () => {
    h = await startHarness({ transport: "http" });
    cleanups.push(() => h.close());
    expect(h.running.transport).toBe("http");
    const user = h.fake.user({ username: "http-player" });

    // A slash command: /quiz solo asks its first question.
    const start = h.fake.slashCommand({ channelId: h.channelId, user, name: "quiz", subcommand: "solo" });
    const question = await start.waitForMessage((m) => answerButtons(m).length > 0);

    // Autocomplete.
    const sources = h.fake.autocomplete({
      channelId: h.channelId,
      user,
      name: "quiz",
      subcommand: "solo",
      focused: { name: "source", value: "state" },
    });
    const choices = await sources.response();
    expect(choices.type).toBe(InteractionResponseType.ApplicationCommandAutocompleteResult);
    expect(JSON.stringify(choices)).toContain("state-dept-2005");

    // A button: the answer is revealed in place.
    const first = answerButtons(question)[0];
    if (!first) throw new Error("no answer button");
    h.fake.clickButton({ message: question, customId: first.custom_id, user });
    const revealed = await h.fake.waitForEdit(question.id, (m) => m.embeds.length === 2);
    expect(revealed.embeds[1]?.title ?? "").toMatch(/^(✅|❌)/);
    expect((await h.game.scores.get(h.guildId, user.id))?.answered).toBe(1);

    // A modal: /question add opens the form (a MODAL response over HTTP), its submission is answered.
    const add = h.fake.slashCommand({
      channelId: h.channelId,
      user,
      name: "question",
      subcommand: "add",
      options: optionsOf({ source: "uscri-2004", difficulty: "easy" }),
    });
    expect((await add.response()).type).toBe(InteractionResponseType.Modal);
    const submitted = h.fake.submitModal({
      modal: add,
      fields: {
        question: "Who?",
        answer: "Nobody",
        wrong: "A\nB\nC",
        quote: "not in the source at all",
        explanation: "A quote the source does not have is refused.",
      },
    });
    // Deferred (the quote is checked against the source), then the refusal filled in.
    const refusal = await submitted.waitForMessage((m) => m.embeds.length > 0);
    expect(submitted.isEphemeral(refusal)).toBe(true);

    // Every initial response came back in an HTTP response; none went to the REST callback, and
    // the gateway was never opened.
    const initial = callbacks(h.fake.calls);
    expect(initial.length).toBeGreaterThanOrEqual(5);
    expect(initial.filter((c) => c.via !== "http-response")).toEqual([]);
    expect(h.fake.gatewayLog).toEqual([]);
    clean();
  });

  it("finishes a channel round and resumes it after a restart, all by REST", async () => {
    h = await startHarness({ transport: "http" });
    cleanups.push(() => h.close());
    const start = quizCommand(h, h.fake.user({ username: "host" }), "channel", { questions: 1, seconds: 60 });
    await start.response();
    const question = await h.fake.waitForMessage(h.channelId, (m) => answerButtons(m).length > 0);
    const players = Array.from({ length: 20 }, (_, i) => h.fake.user({ username: `p${i}` }));
    const button = answerButtons(question)[0]?.custom_id ?? "";
    await Promise.all(
      players.map((user) =>
        h.fake
          .clickButton({ message: question, customId: button, user })
          .waitForMessage((m) => (m.content ?? "").length > 0),
      ),
    );
    // The new process finds the guild's round by REST (GET /users/@me/guilds) and reveals it.
    await h.restart();
    const sessionId = button.split(":")[2] ?? "";
    await h.running.bot.rounds.runNextStepNow(sessionId);
    const revealed = await h.fake.waitForEdit(question.id, (m) => (m.embeds[1]?.fields?.length ?? 0) >= 5);
    expect(revealed.embeds[1]?.fields?.[4]?.name).toMatch(/of 20/);
    expect(h.fake.calls.some((c) => c.path === "/users/@me/guilds")).toBe(true);
    expect(h.fake.gatewayLog).toEqual([]);
    clean();
  });
});

/** A discord.js client with only the HTTP transport, and `handler` for its interactions. */
async function httpClient(
  fake: FakeDiscord,
  handler: (interaction: Interaction) => Promise<unknown>,
  fallbackMs = 2_500,
) {
  const transport = createHttpTransport({
    host: "127.0.0.1",
    port: 0,
    path: "/interactions",
    publicKey: fake.publicKey,
    logger: silentLogger,
    fallbackMs,
  });
  const client = new Client({ intents: [], rest: { api: fake.apiUrl, makeRequest: transport.makeRequest } });
  client.rest.setToken(fake.token);
  const errors: unknown[] = [];
  client.on(
    Events.InteractionCreate,
    (interaction) => void handler(interaction).catch((e) => errors.push(e)),
  );
  const endpoint = await transport.listen(client);
  fake.useInteractionsEndpoint(`http://127.0.0.1:${endpoint.port}/interactions`);
  cleanups.push(async () => {
    await endpoint.close(100);
    transport.clear();
    await client.destroy();
  });
  return { errors };
}

async function fakeDiscord(responseDeadlineMs?: number) {
  const fake = await FakeDiscord.start({
    strictMentions: true,
    ...(responseDeadlineMs === undefined ? {} : { responseDeadlineMs }),
  });
  cleanups.push(() => fake.close());
  return fake;
}

const png = () => new AttachmentBuilder(Buffer.from("89504e470d0a1a0a", "hex"), { name: "chart.png" });
const row = () =>
  new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder().setCustomId("press").setLabel("Press").setStyle(ButtonStyle.Primary),
    new ButtonBuilder().setCustomId("ask").setLabel("Ask").setStyle(ButtonStyle.Secondary),
  );
const none = { parse: [] };

describe("the HTTP transport's first responses", () => {
  it("sends a reply or an update with files as a defer, then the edit with its files (an HTTP response cannot carry them)", async () => {
    const fake = await fakeDiscord();
    const { errors } = await httpClient(fake, async (interaction) => {
      if (interaction.isChatInputCommand())
        await interaction.reply({
          content: "chart",
          files: [png()],
          components: [row()],
          allowedMentions: none,
        });
      else if (interaction.isButton())
        await interaction.update({ content: "updated", files: [png()], allowedMentions: none });
    });
    const channelId = fake.guilds[0]?.channels[0]?.id ?? "";
    const user = fake.user();
    const command = fake.slashCommand({ channelId, user, name: "chart" });
    expect((await command.response()).type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    const reply = await command.waitForMessage((m) => m.content === "chart" && m.attachments.length === 1);
    const click = fake.clickButton({ message: reply, customId: "press", user });
    expect((await click.response()).type).toBe(InteractionResponseType.DeferredMessageUpdate);
    const updated = await fake.waitForEdit(reply.id, (m) => m.content === "updated");
    expect(updated.attachments.map((a) => a.filename)).toEqual(["chart.png"]);
    expect(fake.stillThinking()).toEqual([]);
    expect(errors).toEqual([]);
    expectNoViolations(fake);
  });

  it("defers for a handler that is late, and turns its late reply, update, modal and choices into what Discord still takes", async () => {
    const fake = await fakeDiscord();
    const late = () => sleep(300);
    const { errors } = await httpClient(
      fake,
      async (interaction) => {
        if (interaction.isAutocomplete()) {
          await late();
          return interaction.respond([{ name: "late", value: "late" }]);
        }
        if (interaction.isChatInputCommand() && interaction.commandName === "form") {
          await late();
          try {
            return await interaction.showModal(
              new ModalBuilder()
                .setCustomId("form")
                .setTitle("Form")
                .addComponents(
                  new ActionRowBuilder<TextInputBuilder>().addComponents(
                    new TextInputBuilder().setCustomId("x").setLabel("X").setStyle(TextInputStyle.Short),
                  ),
                ),
            );
          } catch {
            // Discord's 40060 for the modal that came too late: the user is told instead.
            return interaction.reply({
              content: "too slow for a form",
              flags: MessageFlags.Ephemeral,
              allowedMentions: none,
            });
          }
        }
        if (interaction.isChatInputCommand()) {
          // Public and in time: the button is on it.
          if (interaction.commandName === "fast")
            return interaction.reply({ content: "fast", components: [row()], allowedMentions: none });
          await late();
          return interaction.reply({ content: "late reply", allowedMentions: none });
        }
        if (interaction.isButton() && interaction.customId === "ask") {
          await late();
          await interaction.reply({
            content: "late private reply",
            flags: MessageFlags.Ephemeral,
            allowedMentions: none,
          });
          return interaction.editReply({ content: "edited private reply", allowedMentions: none });
        }
        if (interaction.isButton()) {
          await late();
          return interaction.update({ content: "late update", components: [], allowedMentions: none });
        }
      },
      50,
    );
    const channelId = fake.guilds[0]?.channels[0]?.id ?? "";
    const user = fake.user();

    const slow = fake.slashCommand({ channelId, user, name: "slow" });
    expect((await slow.response()).type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    await slow.waitForMessage((m) => m.content === "late reply");

    const fast = fake.slashCommand({ channelId, user, name: "fast" });
    expect((await fast.response()).type).toBe(InteractionResponseType.ChannelMessageWithSource);
    const message = fast.original();
    if (!message) throw new Error("no reply");
    // A click acknowledged silently: a late reply is a follow-up, and its edit edits the follow-up.
    const ask = fake.clickButton({ message, customId: "ask", user });
    expect((await ask.response()).type).toBe(InteractionResponseType.DeferredMessageUpdate);
    const followUp = await ask.waitFor((a) =>
      a.followUps().find((m) => m.content === "edited private reply"),
    );
    expect(ask.isEphemeral(followUp)).toBe(true);
    expect(fake.message(message.id)?.content).toBe("fast");
    // A late update edits the message the button is on.
    const click = fake.clickButton({ message, customId: "press", user });
    expect((await click.response()).type).toBe(InteractionResponseType.DeferredMessageUpdate);
    await fake.waitForEdit(message.id, (m) => m.content === "late update");

    const form = fake.slashCommand({ channelId, user, name: "form" });
    await form.waitForMessage((m) => m.content === "too slow for a form");

    const choices = fake.autocomplete({ channelId, user, name: "slow", focused: { name: "q", value: "" } });
    expect(await choices.response()).toMatchObject({ type: 8, data: { choices: [] } });

    expect(fake.stillThinking()).toEqual([]);
    expect(errors).toEqual([]);
    expectNoViolations(fake);
  });
});

describe("the fake's 3-second rule", () => {
  const slowReply = async (interaction: Interaction) => {
    if (!interaction.isChatInputCommand()) return;
    await sleep(400);
    await interaction.reply({ content: "too late", allowedMentions: none }).catch(() => {});
  };
  const rules = (fake: FakeDiscord) => fake.violations.map((v) => v.rule);

  it("fails a late first response on the gateway", async () => {
    const fake = await fakeDiscord(200);
    const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
    cleanups.push(() => client.destroy());
    client.on(Events.InteractionCreate, (interaction) => void slowReply(interaction));
    await client.login(fake.token);
    await fake.waitUntil(() => client.isReady() || undefined);
    const handle = fake.slashCommand({
      channelId: fake.guilds[0]?.channels[0]?.id ?? "",
      user: fake.user(),
      name: "x",
    });
    expect((await handle.settled()).failed).toBe(true);
    await fake.waitUntil(() => (rules(fake).includes("interaction.late") ? true : undefined));
    expect(rules(fake)).toEqual(["interaction.no-response", "interaction.late"]);
  });

  it("fails a late first response over HTTP (the transport's fallback turned off)", async () => {
    const fake = await fakeDiscord(200);
    await httpClient(fake, slowReply, 60_000);
    const handle = fake.slashCommand({
      channelId: fake.guilds[0]?.channels[0]?.id ?? "",
      user: fake.user(),
      name: "x",
    });
    expect((await handle.settled()).failed).toBe(true);
    await fake.waitUntil(() => (rules(fake).includes("interaction.late") ? true : undefined));
    expect(rules(fake)).toEqual(["interaction.no-response", "interaction.late"]);
    expect(handle.initialResponse).toBeUndefined();
  });

  it("is met over HTTP by the transport's fallback when the handler is late", async () => {
    const fake = await fakeDiscord(200);
    await httpClient(fake, slowReply, 50);
    const handle = fake.slashCommand({
      channelId: fake.guilds[0]?.channels[0]?.id ?? "",
      user: fake.user(),
      name: "x",
    });
    expect((await handle.settled()).failed).toBe(false);
    await handle.waitForMessage((m) => m.content === "too late");
    expectNoViolations(fake);
  });
});

describe("the bot process over HTTP (npm start with INTERACTIONS_PORT)", () => {
  it("answers with no gateway, reports its transport in /healthz and /metrics, and stops on SIGTERM", async () => {
    const fake = await fakeDiscord();
    let logs = "";
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      env: {
        ...process.env,
        LOG_LEVEL: "info",
        DISCORD_TOKEN: fake.token,
        DISCORD_API_URL: fake.apiUrl,
        STORE_URL: `sqlite://${path.join(tempDir("quiz-http-"), "quiz.sqlite")}`,
        HEALTH_PORT: "0",
        INTERACTIONS_PORT: "0",
        DISCORD_PUBLIC_KEY: fake.publicKey,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.on("data", (chunk) => {
      logs += String(chunk);
    });
    child.stderr.on("data", (chunk) => {
      logs += String(chunk);
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    cleanups.push(async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    });
    const portOf = (message: string) =>
      fake.waitUntil(
        () => {
          const line = logs.split("\n").find((l) => l.includes(message));
          return line ? (JSON.parse(line) as { port: number }).port : undefined;
        },
        30_000,
        `the log line "${message}":\n${logs}`,
      );
    const endpointPort = await portOf("interactions endpoint listening");
    const healthPort = await portOf("health and metrics listening");
    fake.useInteractionsEndpoint(`http://127.0.0.1:${endpointPort}/interactions`);

    const health = await fetch(`http://127.0.0.1:${healthPort}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({
      ok: true,
      transport: "http",
      gateway: "unused",
      store: "reachable",
    });

    const help = fake.slashCommand({
      channelId: fake.guilds[0]?.channels[0]?.id ?? "",
      user: fake.user(),
      name: "help",
    });
    await help.waitForMessage((m) => m.embeds.length > 0, 10_000);
    const metrics = await (await fetch(`http://127.0.0.1:${healthPort}/metrics`)).text();
    expect(metrics).toMatch(/^quiz_transport_info\{[^}]*transport="http"[^}]*\} 1$/m);
    expect(metrics).toMatch(/^quiz_interactions_total\{type="command",outcome="ok"[^}]*\} 1$/m);
    expect(metrics).toMatch(/^quiz_first_response_seconds_count\{[^}]*type="command"[^}]*\} 1$/m);

    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(logs).toContain('"msg":"stopped"');
    // The endpoint is gone with the process, and the gateway was never used.
    await expect(
      fetch(`http://127.0.0.1:${endpointPort}/interactions`, { method: "POST" }),
    ).rejects.toThrow();
    expect(fake.gatewayLog).toEqual([]);
    expectNoViolations(fake);
  }, 60_000);
});

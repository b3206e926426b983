import {
  ActionRowBuilder,
  ApplicationCommandOptionType,
  type AutocompleteInteraction,
  ButtonBuilder,
  type ButtonInteraction,
  ButtonStyle,
  Client,
  DiscordAPIError,
  GatewayIntentBits,
  type Interaction,
  LabelBuilder,
  MessageFlags,
  ModalBuilder,
  type ModalSubmitInteraction,
  TextInputBuilder,
  TextInputStyle,
} from "discord.js";
import { afterEach, describe, expect, it } from "vitest";
import { FakeDiscord, type FakeDiscordOptions, Perm } from "./fake-discord/index.ts";
import { describeIssues, validateMessage, validateModal } from "./fake-discord/validate.ts";

/** Started fakes and clients, torn down after each test so vitest exits cleanly. */
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

type Handler = (interaction: Interaction) => Promise<void>;

/**
 * Starts a fake, logs a real discord.js Client into it and routes interactions to `handler`. Errors the
 * handler throws are collected (a real bot would log them) so tests can assert on them.
 */
async function start(handler: Handler, options: FakeDiscordOptions = {}, shards?: "auto") {
  const fake = await FakeDiscord.start(options);
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { api: fake.apiUrl },
    ...(shards ? { shards } : {}),
  });
  cleanups.push(() => fake.close());
  cleanups.push(() => client.destroy());
  const errors: unknown[] = [];
  client.on("interactionCreate", (interaction) => {
    handler(interaction).catch((error: unknown) => errors.push(error));
  });
  await client.login(fake.token);
  await fake.waitUntil(() => client.isReady(), 5000, "the client to be ready");
  const guild = fake.guilds[0];
  const channel = guild?.channels[0];
  if (!guild || !channel) throw new Error("the fake has no guild/channel");
  return { fake, client, errors, guild, channel };
}

const nothing: Handler = async () => {};

describe("fake Discord", () => {
  it("lets a real discord.js client log in and become ready", async () => {
    const { fake, client, guild, channel } = await start(nothing);
    expect(client.isReady()).toBe(true);
    expect(client.user?.id).toBe(fake.botUser.id);
    expect(client.application?.id).toBe(fake.applicationId);
    expect(client.guilds.cache.get(guild.id)?.name).toBe(guild.name);
    expect(client.channels.cache.get(channel.id)?.isTextBased()).toBe(true);
    expect(fake.calls.map((c) => `${c.method} ${c.route} ${c.status}`)).toContain("GET /gateway/bot 200");
    expect(fake.violations).toEqual([]);

    // Any other token is refused, as Discord would.
    const intruder = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
    cleanups.push(() => intruder.destroy());
    await expect(intruder.login("not-the-token")).rejects.toThrow(/invalid token/i);
    expect(fake.violations.map((v) => v.rule)).toEqual(["auth"]);
  });

  it("delivers a slash command with a subcommand and options, and records a reply with embeds and buttons", async () => {
    const seen: Record<string, unknown> = {};
    const { fake, channel, guild } = await start(async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      seen.subcommand = interaction.options.getSubcommand();
      seen.topic = interaction.options.getString("topic", true);
      seen.rounds = interaction.options.getInteger("rounds");
      seen.opponent = interaction.options.getUser("opponent")?.username;
      seen.guildId = interaction.guildId;
      seen.canManage = interaction.memberPermissions?.has("ManageMessages");
      await interaction.reply({
        embeds: [
          { title: "Quiz: history", description: "Round 1", fields: [{ name: "Q1", value: "When?" }] },
        ],
        components: [
          new ActionRowBuilder<ButtonBuilder>().addComponents(
            new ButtonBuilder().setCustomId("answer:a").setLabel("1950").setStyle(ButtonStyle.Primary),
            new ButtonBuilder().setCustomId("answer:b").setLabel("1953").setStyle(ButtonStyle.Secondary),
          ),
        ],
        allowedMentions: { parse: [] },
      });
    });
    const alice = fake.user({ username: "alice" });
    const bob = fake.user({ username: "bob" });
    fake.member(alice, {
      permissions: (Perm.VIEW_CHANNEL | Perm.SEND_MESSAGES | Perm.MANAGE_MESSAGES).toString(),
    });
    const handle = fake.slashCommand({
      channelId: channel.id,
      user: alice,
      name: "quiz",
      subcommand: "start",
      options: [
        { name: "topic", type: ApplicationCommandOptionType.String, value: "history" },
        { name: "rounds", type: ApplicationCommandOptionType.Integer, value: 3 },
        { name: "opponent", type: ApplicationCommandOptionType.User, value: bob },
      ],
    });
    const response = await handle.response();
    expect(response.type).toBe(4);
    // Answered in time: the fake holds it as the interaction's one initial response, not a failure.
    expect(handle.status).toBe("responded");
    expect(handle.failed).toBe(false);
    expect(handle.initialResponse).toEqual(response);
    expect(seen).toEqual({
      subcommand: "start",
      topic: "history",
      rounds: 3,
      opponent: "bob",
      guildId: guild.id,
      canManage: true,
    });
    const [message] = fake.messages(channel.id);
    expect(message?.embeds[0]?.title).toBe("Quiz: history");
    expect(message?.components?.[0]).toMatchObject({
      type: 1,
      components: [{ custom_id: "answer:a" }, { custom_id: "answer:b" }],
    });
    expect(message?.interaction_metadata?.id).toBe(handle.id);
    expect(handle.original()?.id).toBe(message?.id);
    expect(fake.violations).toEqual([]);
  });

  it("records deferReply({ ephemeral }) + editReply as an ephemeral message, then a click updates it", async () => {
    const { fake, channel } = await start(async (interaction) => {
      if (interaction.isChatInputCommand()) {
        await interaction.deferReply({ flags: MessageFlags.Ephemeral });
        await interaction.editReply({
          content: "Only you can see your score: 2/3",
          components: [
            new ActionRowBuilder<ButtonBuilder>().addComponents(
              new ButtonBuilder().setCustomId("reset").setLabel("Reset").setStyle(ButtonStyle.Danger),
              new ButtonBuilder()
                .setCustomId("locked")
                .setLabel("Locked")
                .setStyle(ButtonStyle.Secondary)
                .setDisabled(true),
            ),
          ],
        });
      } else if (interaction.isButton()) {
        const button: ButtonInteraction = interaction;
        expect(button.customId).toBe("reset");
        expect(button.message.content).toBe("Only you can see your score: 2/3");
        await button.update({ content: "Score reset: 0/3", components: [] });
      }
    });
    const alice = fake.user();
    const command = fake.slashCommand({ channelId: channel.id, user: alice, name: "score" });
    const deferred = await command.response();
    expect(deferred.type).toBe(5);
    const reply = await command.waitForMessage((m) => m.content.startsWith("Only you"));
    expect(command.isEphemeral(reply)).toBe(true);
    expect(reply.flags ?? 0).toBe(MessageFlags.Ephemeral);
    expect(fake.ephemeralMessages(alice.id).map((m) => m.id)).toEqual([reply.id]);
    expect(fake.messages(channel.id)).toEqual([]);

    // A user cannot click what is not there, or what is disabled.
    expect(() => fake.clickButton({ message: reply, customId: "nope", user: alice })).toThrow(
      /no component "nope".*reset, locked/,
    );
    expect(() => fake.clickButton({ message: reply, customId: "locked", user: alice })).toThrow(/disabled/);
    // Nor can another user click on Alice's ephemeral message.
    expect(() => fake.clickButton({ message: reply, customId: "reset", user: fake.user() })).toThrow(
      /ephemeral/,
    );

    const click = fake.clickButton({ message: reply, customId: "reset", user: alice });
    expect((await click.response()).type).toBe(7);
    const edited = await fake.waitForEdit(reply.id, (m) => m.content === "Score reset: 0/3");
    expect(edited.components).toEqual([]);
    expect(fake.messageHistory(reply.id).map((m) => m.content)).toEqual([
      "",
      "Only you can see your score: 2/3",
      "Score reset: 0/3",
    ]);
    expect(fake.violations).toEqual([]);
  });

  it("opens a modal and delivers its submission as a ModalSubmitInteraction", async () => {
    const { fake, channel } = await start(async (interaction) => {
      if (interaction.isChatInputCommand()) {
        await interaction.showModal(
          new ModalBuilder()
            .setCustomId("report")
            .setTitle("Report a wrong answer")
            .addLabelComponents(
              new LabelBuilder()
                .setLabel("Question number")
                .setTextInputComponent(
                  new TextInputBuilder()
                    .setCustomId("question")
                    .setStyle(TextInputStyle.Short)
                    .setMaxLength(4),
                ),
              new LabelBuilder()
                .setLabel("What is wrong?")
                .setTextInputComponent(
                  new TextInputBuilder()
                    .setCustomId("details")
                    .setStyle(TextInputStyle.Paragraph)
                    .setRequired(false),
                ),
            ),
        );
      } else if (interaction.isModalSubmit()) {
        const modal: ModalSubmitInteraction = interaction;
        const question = modal.fields.getTextInputValue("question");
        const details = modal.fields.getTextInputValue("details");
        await modal.reply({
          content: `Thanks! Q${question}: ${details || "(no details)"}`,
          flags: MessageFlags.Ephemeral,
        });
      }
    });
    const alice = fake.user();
    const command = fake.slashCommand({ channelId: channel.id, user: alice, name: "report" });
    const opened = await command.waitForModal();
    expect(opened.title).toBe("Report a wrong answer");
    expect(fake.lastModal(alice.id)).toBe(opened);
    expect(() => fake.submitModal({ modal: command, fields: { question: "7", bogus: "x" } })).toThrow(
      /no text input\(s\) bogus/,
    );
    expect(() => fake.submitModal({ modal: command, fields: {} })).toThrow(/requires "Question number"/);

    const submit = fake.submitModal({
      modal: command,
      fields: { question: "7", details: "The year is 1953" },
    });
    expect(submit.payload.type).toBe(5);
    const reply = await submit.waitForMessage(() => true);
    expect(reply.content).toBe("Thanks! Q7: The year is 1953");
    expect(() => fake.submitModal({ modal: command, fields: { question: "8" } })).toThrow(
      /already submitted/,
    );
    expect(fake.violations).toEqual([]);
  });

  it("answers autocomplete with respond()", async () => {
    const topics = ["history", "geography", "health", "law"];
    const { fake, channel } = await start(async (interaction) => {
      if (!interaction.isAutocomplete()) return;
      const auto: AutocompleteInteraction = interaction;
      const typed = auto.options.getFocused();
      await auto.respond(topics.filter((t) => t.startsWith(typed)).map((t) => ({ name: t, value: t })));
    });
    const handle = fake.autocomplete({
      channelId: channel.id,
      user: fake.user(),
      name: "quiz",
      subcommand: "start",
      focused: { name: "topic", value: "h" },
    });
    const response = await handle.response();
    expect(response.type).toBe(8);
    if (response.type !== 8) throw new Error("unreachable");
    expect(response.data.choices).toEqual([
      { name: "history", value: "history" },
      { name: "health", value: "health" },
    ]);
    expect(fake.violations).toEqual([]);
  });

  it("refuses a second initial response with 40060 and records a violation", async () => {
    // A classic bug: two listeners both answer the same command in the same tick.
    const { fake, client, channel, errors } = await start(async (interaction) => {
      if (interaction.isChatInputCommand()) await interaction.reply("first listener");
    });
    client.on("interactionCreate", (interaction) => {
      if (interaction.isChatInputCommand())
        interaction.reply("second listener").catch((error: unknown) => errors.push(error));
    });
    const handle = fake.slashCommand({ channelId: channel.id, user: fake.user(), name: "quiz" });
    await handle.response();
    await fake.waitUntil(() => errors.length > 0, 5000, "the second reply to fail");
    expect(errors[0]).toBeInstanceOf(DiscordAPIError);
    expect((errors[0] as DiscordAPIError).code).toBe(40060);
    expect(fake.violations.map((v) => v.rule)).toEqual(["interaction.already-acknowledged"]);
    expect(fake.violations[0]?.message).toMatch(/\/quiz was already acknowledged/);
    expect(fake.messages(channel.id)).toHaveLength(1);
  });

  it("marks an interaction failed when nothing answers within the deadline, and refuses a late reply", async () => {
    let release: (() => void) | undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { fake, channel, errors } = await start(
      async (interaction) => {
        if (!interaction.isChatInputCommand()) return;
        await released; // Simulates slow work done before replying.
        await interaction.reply("too late");
      },
      { responseDeadlineMs: 300 },
    );
    const handle = fake.slashCommand({ channelId: channel.id, user: fake.user(), name: "slow" });
    const settled = await handle.settled();
    expect(settled).toEqual({ failed: true, response: undefined });
    expect(handle.failed).toBe(true);
    await expect(handle.response()).rejects.toThrow(/no initial response within 300 ms/);

    release?.();
    await fake.waitUntil(() => errors.length > 0, 5000, "the late reply to fail");
    expect((errors[0] as DiscordAPIError).code).toBe(10062);
    expect(fake.violations.map((v) => v.rule)).toEqual(["interaction.no-response", "interaction.late"]);
    expect(fake.violations[0]?.message).toMatch(
      /\/slow got no initial response within 300 ms: the user saw "This interaction failed"/,
    );
  });

  it("refuses an over-long embed field with 50035 and a readable violation", async () => {
    const { fake, channel, errors } = await start(async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      // Plain objects skip discord.js's builders, so only Discord's own limits apply.
      await interaction.reply({
        embeds: [{ title: "Source", fields: [{ name: "Passage", value: "x".repeat(1500) }] }],
      });
    });
    const handle = fake.slashCommand({ channelId: channel.id, user: fake.user(), name: "source" });
    await fake.waitUntil(() => errors.length > 0, 5000, "the reply to be refused");
    const error = errors[0] as DiscordAPIError;
    expect(error.code).toBe(50035);
    expect(error.rawError).toMatchObject({
      errors: {
        data: {
          embeds: { 0: { fields: { 0: { value: { _errors: [{ code: "BASE_TYPE_MAX_LENGTH" }] } } } } },
        },
      },
    });
    expect(fake.violations).toHaveLength(1);
    expect(fake.violations[0]?.rule).toBe("message.invalid");
    expect(fake.violations[0]?.message).toContain(
      "data.embeds[0].fields[0].value: Must be 1024 or fewer in length. (it has 1500 characters)",
    );
    // The refused body did not acknowledge the interaction.
    expect(handle.status).toBe("pending");
  });

  it("sends DM interactions with `user` instead of `member`", async () => {
    let inGuild: boolean | undefined;
    const { fake } = await start(async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      inGuild = interaction.inGuild();
      await interaction.reply({
        content: `Hello ${interaction.user.username}`,
        allowedMentions: { parse: [] },
      });
    });
    const alice = fake.user({ username: "alice" });
    const handle = fake.slashCommand({ user: alice, name: "hello" });
    const payload = handle.payload;
    expect(payload).toMatchObject({ context: 1, user: { id: alice.id }, channel: { type: 1 } });
    expect("member" in payload).toBe(false);
    expect("guild_id" in payload).toBe(false);
    await handle.response();
    expect(inGuild).toBe(false);
    expect(fake.messages(fake.dmChannelId(alice.id)).map((m) => m.content)).toEqual(["Hello alice"]);
    expect(fake.violations).toEqual([]);
  });

  it("routes guild events to the shard Discord would, across two shards", async () => {
    const shardOfInteraction: number[] = [];
    const { fake, client } = await start(
      async (interaction) => {
        if (!interaction.isChatInputCommand()) return;
        shardOfInteraction.push(interaction.guild?.shardId ?? -1);
        await interaction.reply("ok");
      },
      {
        shardCount: 2,
        guilds: [
          { name: "Even", shardId: 0 },
          { name: "Odd", shardId: 1 },
        ],
      },
      "auto",
    );
    const [even, odd] = fake.guilds;
    if (!even || !odd) throw new Error("guilds missing");
    expect(fake.shardOf(even.id)).toBe(0);
    expect(fake.shardOf(odd.id)).toBe(1);
    expect(fake.readyShards).toEqual([0, 1]);
    expect(client.guilds.cache.get(even.id)?.shardId).toBe(0);
    expect(client.guilds.cache.get(odd.id)?.shardId).toBe(1);

    const user = fake.user();
    const handle = fake.slashCommand({
      guildId: odd.id,
      channelId: odd.channels[0]?.id ?? "",
      user,
      name: "quiz",
    });
    await handle.response();
    expect(shardOfInteraction).toEqual([1]);

    const dm = fake.slashCommand({ user, name: "quiz" });
    await dm.response();
    expect(shardOfInteraction).toEqual([1, -1]);
    // Shards connect concurrently, so compare the routing, not the interleaving.
    const routed = fake.gatewayLog
      .filter((e) => e.direction === "out" && (e.t === "GUILD_CREATE" || e.t === "INTERACTION_CREATE"))
      .map(
        (e) =>
          `${e.t} ${e.guildId === undefined ? "DM" : e.guildId === even.id ? "even" : "odd"} -> shard ${e.shardId}`,
      )
      .sort();
    expect(routed).toEqual([
      "GUILD_CREATE even -> shard 0",
      "GUILD_CREATE odd -> shard 1",
      "INTERACTION_CREATE DM -> shard 0",
      "INTERACTION_CREATE odd -> shard 1",
    ]);
    expect(fake.violations).toEqual([]);
  });

  it("answers an injected 429 with rate-limit headers, and discord.js retries until the reply lands", async () => {
    const { fake, channel } = await start(async (interaction) => {
      if (!interaction.isChatInputCommand() || !interaction.channel?.isSendable()) return;
      await interaction.reply({ content: "Round 1", allowedMentions: { parse: [] } });
      await interaction.channel.send({ content: "Scoreboard", allowedMentions: { parse: [] } });
    });
    fake.failNext({ route: /^\/interactions\/\d+\/[^/]+\/callback$/, status: 429, retryAfter: 0.1 });
    fake.failNext({ method: "POST", route: /^\/channels\/\d+\/messages$/, status: 500 });
    const handle = fake.slashCommand({ channelId: channel.id, user: fake.user(), name: "quiz" });
    const response = await handle.response();
    expect(response.type).toBe(4);
    await fake.waitForMessage(channel.id, (m) => m.content === "Scoreboard");
    const statuses = fake.calls
      .filter((c) => c.method === "POST")
      .map((c) => [c.route, c.status, c.injected]);
    expect(statuses).toEqual([
      ["/interactions/:interactionId/:interactionToken/callback", 429, true],
      ["/interactions/:interactionId/:interactionToken/callback", 204, false],
      ["/channels/:channelId/messages", 500, true],
      ["/channels/:channelId/messages", 200, false],
    ]);
    expect(fake.messages(channel.id).map((m) => m.content)).toEqual(["Round 1", "Scoreboard"]);
    expect(fake.violations).toEqual([]);
  });

  it("validates and stores registered commands, and can hold tests to them", async () => {
    const { fake, client, guild, channel, errors } = await start(
      async (interaction) => {
        if (interaction.isChatInputCommand())
          await interaction.reply({ content: "ok", allowedMentions: { parse: [] } });
      },
      { requireRegisteredCommands: true },
    );
    const app = client.application;
    if (!app) throw new Error("no application");
    await app.commands.set(
      [
        {
          name: "quiz",
          description: "Play a quiz",
          options: [
            {
              type: ApplicationCommandOptionType.Subcommand,
              name: "start",
              description: "Start a round",
              options: [
                {
                  type: ApplicationCommandOptionType.String,
                  name: "topic",
                  description: "Topic",
                  required: true,
                },
              ],
            },
          ],
        },
      ],
      guild.id,
    );
    expect(fake.commands(guild.id).map((c) => c.name)).toEqual(["quiz"]);

    await app.commands
      .set([{ name: "Quiz Time", description: "" }])
      .catch((error: unknown) => errors.push(error));
    expect((errors[0] as DiscordAPIError).code).toBe(50035);
    expect(fake.violations.map((v) => v.rule)).toEqual(["command.invalid"]);
    expect(fake.violations[0]?.message).toMatch(
      /\[0\]\.name: Command name is invalid.*\[0\]\.description: This field is required/,
    );
    expect(fake.commands()).toEqual([]);

    const user = fake.user();
    expect(() => fake.slashCommand({ channelId: channel.id, user, name: "trivia" })).toThrow(
      /\/trivia is not registered/,
    );
    expect(() =>
      fake.slashCommand({ channelId: channel.id, user, name: "quiz", subcommand: "start" }),
    ).toThrow(/requires option "topic"/);
    const handle = fake.slashCommand({
      channelId: channel.id,
      user,
      name: "quiz",
      subcommand: "start",
      options: [{ name: "topic", type: ApplicationCommandOptionType.String, value: "law" }],
    });
    expect(handle.payload.data).toMatchObject({ id: fake.commands(guild.id)[0]?.id, guild_id: guild.id });
    expect((await handle.response()).type).toBe(4);
  });

  it("enforces channel permissions, closed DMs and the opt-in mention policy", async () => {
    const results: Record<string, unknown> = {};
    const { fake, client, channel } = await start(
      async (interaction) => {
        if (!interaction.isChatInputCommand() || !interaction.channel?.isSendable()) return;
        results.canSend = interaction.appPermissions.has("SendMessages");
        await interaction.deferReply({ flags: MessageFlags.Ephemeral });
        const attempts = [
          interaction.channel.send({ content: "Round 2", allowedMentions: { parse: [] } }),
          interaction.user.send({ content: "Your results", allowedMentions: { parse: [] } }),
        ];
        results.codes = (await Promise.allSettled(attempts)).map((r) =>
          r.status === "rejected" ? (r.reason as DiscordAPIError).code : "sent",
        );
        // Answer through the interaction, which needs no channel permission (a follow-up fills the defer).
        await interaction.followUp({ content: "Hi @everyone" });
      },
      { strictMentions: true },
    );
    const alice = fake.user();
    fake.denyPermission(channel.id, "SEND_MESSAGES");
    fake.blockDMs(alice.id);
    // The bot's own permission check sees it too (CHANNEL_UPDATE with a member overwrite).
    const cached = client.channels.cache.get(channel.id);
    const me = client.user;
    if (!cached?.isTextBased() || cached.isDMBased() || !me) throw new Error("channel not cached");
    await fake.waitUntil(
      () => cached.permissionsFor(me)?.has("SendMessages") === false,
      5000,
      "CHANNEL_UPDATE",
    );
    const handle = fake.slashCommand({ channelId: channel.id, user: alice, name: "quiz" });
    const reply = await handle.waitForMessage((m) => m.content === "Hi @everyone");
    expect(results).toEqual({ canSend: false, codes: [50013, 50007] });
    expect(reply.id).toBe(handle.original()?.id);
    expect(handle.isEphemeral(reply)).toBe(true);
    expect(fake.stillThinking()).toEqual([]);
    expect(fake.violations.map((v) => v.rule)).toEqual(["mentions.unsafe"]);
    expect(fake.violations[0]?.message).toMatch(/has no allowed_mentions/);

    await client.rest.get("/no/such/route").catch(() => undefined);
    expect(fake.violations.at(-1)).toMatchObject({ rule: "route.unknown", request: "GET /no/such/route" });
  });

  it("returns the callback response with withResponse, and survives a dropped gateway connection", async () => {
    const ids: (string | undefined)[] = [];
    const { fake, channel } = await start(async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      const response = await interaction.reply({
        content: "Round 1",
        allowedMentions: { parse: [] },
        withResponse: true,
      });
      ids.push(response.resource?.message?.id);
    });
    const user = fake.user();
    const first = fake.slashCommand({ channelId: channel.id, user, name: "quiz" });
    await first.response();
    await fake.waitUntil(() => ids.length === 1, 5000, "the bot to read the callback response");
    expect(ids[0]).toBe(first.original()?.id);
    expect(fake.calls.find((c) => c.route.endsWith("/callback"))?.query).toEqual({ with_response: "true" });

    // Sent while the shard is disconnected: Discord keeps it for the session and replays it on RESUME.
    fake.dropConnection(0);
    const second = fake.slashCommand({ channelId: channel.id, user, name: "quiz" });
    expect((await second.response()).type).toBe(4);
    expect(fake.gatewayLog.some((e) => e.direction === "out" && e.t === "RESUMED")).toBe(true);
    expect(fake.violations).toEqual([]);
  });
});

describe("Discord's payload limits", () => {
  const button = (id: string) => ({ type: 2, style: 1, label: "Go", custom_id: id });
  const create = (body: unknown) => describeIssues(validateMessage(body, { mode: "create", fileCount: 0 }));

  it.each([
    [{ content: "x".repeat(2001) }, "content: Must be 2000 or fewer in length. (it has 2001 characters)"],
    [{ content: " " }, "Cannot send an empty message"],
    [
      { embeds: [{ description: "x".repeat(4000) }, { description: "y".repeat(2001) }] },
      "Embed size exceeds maximum size of 6000",
    ],
    [
      { embeds: [{ fields: [{ name: "", value: "v" }] }] },
      "embeds[0].fields[0].name: This field is required",
    ],
    [
      { components: [{ type: 1, components: [button("a"), button("a")] }] },
      'components[0].components[1].custom_id: Component custom id cannot be duplicated ("a" is also used at components[0].components[0])',
    ],
    [
      { components: [{ type: 1, components: ["a", "b", "c", "d", "e", "f"].map(button) }] },
      "components[0].components: Must be 5 or fewer in length.",
    ],
    [
      {
        components: [
          {
            type: 1,
            components: [{ type: 2, style: 5, label: "Docs", url: "https://example.com", custom_id: "x" }],
          },
        ],
      },
      "A link button cannot have a custom_id",
    ],
    [{ components: [button("a")] }, "must be action rows"],
  ])("refuses %j", (body, expected) => {
    expect(create(body)).toContain(expected);
  });

  it("accepts a normal quiz message and checks modal limits", () => {
    expect(
      create({
        content: "Q1",
        embeds: [{ title: "Quiz", fields: [{ name: "A", value: "B" }] }],
        components: [{ type: 1, components: [button("a"), button("b")] }],
      }),
    ).toBe("");
    const modal = {
      custom_id: "m",
      title: "x".repeat(46),
      components: [{ type: 1, components: [{ type: 4, custom_id: "a", style: 1, label: "Answer" }] }],
    };
    expect(describeIssues(validateModal(modal))).toBe(
      "title: Must be 45 or fewer in length. (it has 46 characters)",
    );
  });
});

/**
 * One burst of simultaneous clicks through a fake Discord, measured the same way for every arm of
 * the end-to-end suite: the first-response delay of each click as the fake saw it, the process's
 * CPU time until the last first response, and how many clicks were acknowledged.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import type { APIMessage, APIUser, Client, Interaction } from "discord.js";
import { Events } from "discord.js";
import type { FakeDiscord, InteractionHandle } from "../../test/fake-discord/index.ts";
import { cpuByThread, cpuSince } from "./threads.ts";

/**
 * With BENCH_PROFILE=<folder>, a burst given a profile name is CPU-profiled from the first click to
 * the last first response, into <folder>/end-to-end-<name>.cpuprofile (Chrome DevTools, speedscope,
 * or `npx tsx bench/profile-top.ts <file>`): what the process did while the clicks waited.
 */
const PROFILE_DIR = process.env.BENCH_PROFILE;

/** How long a burst waits for every acknowledgement before it reports what it has. */
const ACK_TIMEOUT_MS = 45_000;

/** A V8 CPU profile of one window, through the inspector of this very process. */
async function startProfiler() {
  if (PROFILE_DIR === undefined) return undefined;
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 200 });
  await session.post("Profiler.start");
  let stopped: Promise<{ profile: object }> | undefined;
  return {
    /** Ends the window (synchronous, so it can be called from a waiter's check). */
    stop() {
      stopped ??= session.post("Profiler.stop");
    },
    async save(name: string) {
      this.stop();
      const { profile } = await (stopped as Promise<{ profile: object }>);
      session.disconnect();
      await mkdir(PROFILE_DIR, { recursive: true });
      await writeFile(path.join(PROFILE_DIR, `end-to-end-${name}.cpuprofile`), JSON.stringify(profile));
    },
  };
}

/** One burst of clicks, as the fake saw it. */
export interface Burst {
  readonly sent: number;
  /** Clicks whose initial response came, and their delays (ms). */
  readonly delays: number[];
  /** Clicks that ended acknowledged the way the arm acknowledges (its `acknowledged` check). */
  readonly acknowledged: number;
  /** Clicks the fake failed ("This interaction failed"). */
  readonly failed: number;
  /** Second initial responses the fake refused (a click answered twice). */
  readonly duplicates: number;
  /** How long the fake took to build and write the INTERACTION_CREATE frames (ms). */
  readonly dispatchMs: number;
  /** Event loop delay during the burst (ms): max. */
  readonly loopMaxMs: number;
  /**
   * Where the first response's time goes, per click (ms), for arms on discord.js: from the frame
   * written to discord.js handing the interaction over, and from there to the callback at the fake.
   */
  readonly toHandler: number[];
  readonly toFake: number[];
  /**
   * CPU time the whole process (fake, client, bot, store threads) spent from the first click written
   * to the last first response (ms), or undefined if not every click got one. Unlike the delays it
   * does not grow when another process takes the CPU.
   */
  readonly cpuMs: number | undefined;
  /** The system (kernel) part of cpuMs: socket I/O, and the store's writes and fsyncs. */
  readonly systemMs: number | undefined;
  /** The same CPU time by thread (main thread, V8 GC workers, libuv pool), where /proc tells it (ms, 10 ms steps). */
  readonly threads: readonly (readonly [string, number])[];
}

/** What a burst needs from its arm. */
export interface BurstInput {
  readonly fake: FakeDiscord;
  /** The message whose buttons are clicked. */
  readonly message: APIMessage;
  readonly players: readonly APIUser[];
  readonly customIdFor: (i: number) => string;
  /** Whether a click has its final answer (for the bot and the bare client: the "is in" reply). */
  readonly settled: (click: InteractionHandle) => boolean;
  /** The discord.js client that receives the clicks, for the split of the delay (none for the raw client). */
  readonly client?: Client;
  /** Profiles the burst into end-to-end-<profileAs>.cpuprofile when BENCH_PROFILE is set. */
  readonly profileAs?: string | undefined;
}

/**
 * Sends one click per player at the same moment (in one synchronous loop: nothing else runs before
 * the last is written), waits until each has settled, and reads the timings the fake kept. A single
 * waiter, scanning from the first click not yet settled, keeps the fake's re-checks cheap.
 */
export async function burst(input: BurstInput): Promise<Burst & { clicks: InteractionHandle[] }> {
  const { fake, client } = input;
  const profiler = input.profileAs === undefined ? undefined : await startProfiler();
  // Registered after the handler under test: it runs right after that handler has started.
  const handled = new Map<string, number>();
  const onInteraction = (interaction: Interaction) => handled.set(interaction.id, Date.now());
  client?.on(Events.InteractionCreate, onInteraction);
  const violationsBefore = fake.violations.length;
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const threadsStart = cpuByThread();
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const clicks = input.players.map((user, i) =>
    fake.clickButton({ message: input.message, customId: input.customIdFor(i), user }),
  );
  const dispatchMs = performance.now() - start;
  let next = 0;
  let nextInitial = 0;
  let cpuMs: number | undefined;
  let systemMs: number | undefined;
  let threads: (readonly [string, number])[] = [];
  try {
    await fake.waitUntil(
      () => {
        // Checked as soon as the fake records a response, so the CPU time stops at the last one.
        while (nextInitial < clicks.length && (clicks[nextInitial] as InteractionHandle).status !== "pending")
          nextInitial++;
        if (cpuMs === undefined && nextInitial === clicks.length) {
          const used = process.cpuUsage(cpuStart);
          cpuMs = (used.user + used.system) / 1000;
          systemMs = used.system / 1000;
          threads = cpuSince(threadsStart);
          profiler?.stop();
        }
        while (next < clicks.length) {
          const click = clicks[next] as InteractionHandle;
          if (!click.failed && !input.settled(click)) return false;
          next++;
        }
        return true;
      },
      ACK_TIMEOUT_MS,
      `a reply to each of the ${clicks.length} clicks`,
    );
  } catch (error) {
    // Reported as lost clicks (fewer acknowledged than sent), with the figures there are.
    console.warn(`  ${(error as Error).message}`);
  } finally {
    loop.disable();
    client?.off(Events.InteractionCreate, onInteraction);
  }
  if (profiler && input.profileAs !== undefined) await profiler.save(input.profileAs);
  const arrived = new Map<string, number>();
  for (const call of fake.calls) {
    const id = /^\/interactions\/(\d+)\/[^/]+\/callback$/.exec(call.path)?.[1];
    if (id !== undefined && !arrived.has(id)) arrived.set(id, call.at);
  }
  const delays: number[] = [];
  const toHandler: number[] = [];
  const toFake: number[] = [];
  for (const click of clicks) {
    const initial = click.initialResponse;
    if (!initial) continue;
    const dispatched = initial.at - initial.delayMs;
    delays.push(initial.delayMs);
    const handledAt = handled.get(click.id);
    const arrivedAt = arrived.get(click.id);
    if (handledAt !== undefined && arrivedAt !== undefined) {
      toHandler.push(handledAt - dispatched);
      toFake.push(arrivedAt - handledAt);
    }
  }
  const newViolations = fake.violations.slice(violationsBefore);
  return {
    clicks,
    sent: clicks.length,
    delays,
    acknowledged: clicks.filter((click) => !click.failed && input.settled(click)).length,
    failed: clicks.filter((click) => click.failed).length,
    duplicates: newViolations.filter((v) => v.rule === "interaction.already-acknowledged").length,
    dispatchMs,
    loopMaxMs: loop.max / 1e6,
    toHandler,
    toFake,
    cpuMs,
    systemMs,
    threads,
  };
}

/** The clicker's first non-empty reply text (empty while a deferred reply is still "thinking"). */
export function replyText(click: InteractionHandle): string | undefined {
  for (const message of click.messages()) {
    const content = message.content ?? "";
    if (content !== "") return content;
  }
  return undefined;
}

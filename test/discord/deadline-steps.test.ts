import { REST } from "discord.js";
import { afterEach, describe, expect, it } from "vitest";
import type { StepQueue } from "../../src/app/steps.ts";
import { AssignmentDeadlines, type DeadlineStep } from "../../src/discord/drivers/assignment-deadlines.ts";
import type { Assignment } from "../../src/records/lessons.ts";
import { makeGame, silentLogger } from "../helpers/game.ts";

const DAY = 24 * 60 * 60 * 1000;
/** setTimeout's longest delay: no step waits longer. */
const MAX_DELAY_MS = 2 ** 31 - 1;

/** A queue that records what is added, and hands the driver's handler back to the test. */
function recordingQueue() {
  const added: { id: string; step: DeadlineStep; delayMs: number }[] = [];
  let run: ((step: DeadlineStep) => Promise<void>) | undefined;
  const queue: StepQueue<DeadlineStep> = {
    distributed: true,
    async start(handler) {
      run = handler;
    },
    async add(id, step, delayMs) {
      added.push({ id, step, delayMs });
    },
    async remove() {},
    async close() {},
  };
  const runStep = (step: DeadlineStep) => {
    if (!run) throw new Error("the driver did not start the queue");
    return run(step);
  };
  return { queue, added, runStep };
}

function assignmentDue(id: string, dueAt: number, now: number): Assignment {
  return {
    v: 1,
    id,
    guildId: "g1",
    channelId: "c1",
    setId: "set1",
    title: "Homework",
    questionIds: ["q1"],
    ownerId: "teacher",
    createdAt: now,
    dueAt,
    maxAttempts: 1,
    allowLate: false,
    roleId: null,
    messageId: null,
    notifiedAt: null,
    locale: "en",
  };
}

const opened: AssignmentDeadlines[] = [];
afterEach(async () => {
  for (const deadlines of opened.splice(0)) await deadlines.close();
});

async function driver() {
  const game = makeGame();
  const { queue, added, runStep } = recordingQueue();
  const deadlines = new AssignmentDeadlines({
    app: game,
    rest: new REST(),
    logger: silentLogger,
    steps: queue,
  });
  opened.push(deadlines);
  await deadlines.start();
  return { game, deadlines, added, runStep };
}

describe("assignment deadlines on the step queue", () => {
  it("reaches a due time weeks away in hops no longer than setTimeout's limit, with ids every process builds alike", async () => {
    const { game, deadlines, added, runStep } = await driver();
    const dueAt = game.clock.time + 60 * DAY;
    await deadlines.schedule({ id: "a1", dueAt });
    // Another process scheduling the same deadline a little later builds the same id.
    game.clock.advance(1_000);
    await deadlines.schedule({ id: "a1", dueAt });
    expect(added.map((a) => a.id)).toEqual([`deadline.a1.${dueAt}.2`, `deadline.a1.${dueAt}.2`]);
    const first = added[0];
    if (!first) throw new Error("nothing was scheduled");
    expect(first.delayMs).toBe(dueAt + 1 - (game.clock.time - 1_000) - 2 * MAX_DELAY_MS);

    // Each hop, when it runs, queues the next one; the last is the notice itself.
    game.clock.advance(first.delayMs);
    await runStep(first.step);
    const second = added.at(-1);
    expect(second?.id).toBe(`deadline.a1.${dueAt}.1`);
    expect(second?.delayMs).toBeLessThanOrEqual(MAX_DELAY_MS);
    game.clock.advance(second?.delayMs ?? 0);
    await runStep(second?.step ?? first.step);
    expect(added.at(-1)?.id).toBe(`deadline.a1.${dueAt}.0`);
    expect(added).toHaveLength(4);
    expect(added.every((a) => a.delayMs >= 0 && a.delayMs <= MAX_DELAY_MS)).toBe(true);
  });

  it("waits out a notice that arrives before its due time by this process's clock, and drops one already sent or gone", async () => {
    const { game, deadlines, added, runStep } = await driver();
    const dueAt = game.clock.time + 5_000;
    await game.lessons.commit([game.lessons.assignmentWrite(assignmentDue("a2", dueAt, game.clock.time))]);
    // Delivered 2 s early (another process's clock runs ahead): queued again for what is left.
    game.clock.advance(3_000);
    await runStep({ assignmentId: "a2", dueAt, hops: 0 });
    const again = added.at(-1);
    expect(again?.step).toMatchObject({ assignmentId: "a2", dueAt, hops: 0 });
    expect(again?.id).not.toBe(`deadline.a2.${dueAt}.0`);
    expect(again?.delayMs).toBe(2_001);

    // Sent already: a late step does nothing and queues nothing.
    await game.lessons.commit([
      game.lessons.assignmentWrite({ ...assignmentDue("a2", dueAt, game.clock.time), notifiedAt: dueAt + 1 }),
    ]);
    game.clock.advance(10_000);
    const before = added.length;
    await runStep({ assignmentId: "a2", dueAt, hops: 0 });
    // An assignment that was never stored (or deleted) likewise.
    await runStep({ assignmentId: "gone", dueAt, hops: 0 });
    expect(added).toHaveLength(before);
    expect(await deadlines.notify("a2")).toBe(false);
  });
});

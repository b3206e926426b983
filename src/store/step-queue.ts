/**
 * Delayed steps (a channel round's reveal, next question, finish) that outlive the process that
 * scheduled them. One STORE_URL picks the engine, as for the records:
 *
 * - SQLite (and memory): in-process timers. One process per database file, so the process that
 *   schedules a step is the one that runs it; after a restart the bot's `resume` schedules again.
 * - Redis and PostgreSQL: a BullMQ queue on the same server (BullMQ's node-redis adapter over the
 *   @redis/client that @keyv/redis already brings, or BullMQ's PostgreSQL backend over `pg`). A
 *   step is a delayed job, and every bot process runs a worker: whichever process is alive when a
 *   step is due takes it, so a round survives the death of the process that started it.
 *
 * Delivery is at least once. A job id names its step (the caller builds it from session, round and
 * step), so adding a step that is already queued, running or done (kept an hour) is a no-op; and a
 * job whose worker died mid-step (its lock not renewed) is handed to another worker as stalled,
 * which runs it again. The caller makes a second run harmless: each step re-reads its session and
 * does nothing once the session has moved on.
 */
import { createClient } from "@redis/client";
import {
  createNodeRedisClient,
  createPostgresBackend,
  type Job,
  type JobsOptions,
  type NodeRedisRawClient,
  Queue,
  Worker,
} from "bullmq";
import type { z } from "zod";
import { backendOf } from "./open.ts";

/** Steps to run later, each once in effect, by whichever process is alive when it is due. */
export interface StepQueue<T> {
  /** Whether steps are shared by every process on the store (false: in-process timers). */
  readonly distributed: boolean;
  /** Starts taking due steps: `run` is called once per delivery (more than once, rarely: see above). */
  start(run: (data: T) => Promise<void>): Promise<void>;
  /** Runs `data` in `delayMs` under `id`; an id already queued, running or recently done is left as it is. */
  add(id: string, data: T, delayMs: number): Promise<void>;
  /** Removes a step not yet taken (an early step ran instead); one already running is left to finish. */
  remove(id: string): Promise<void>;
  /** Stops taking steps and waits for the ones running here (graceful shutdown); queued ones stay. */
  close(): Promise<void>;
}

/** SQLite's steps: timers in this process (the only one on its database file). */
export function inProcessSteps<T>(): StepQueue<T> {
  const timers = new Map<string, NodeJS.Timeout>();
  const running = new Set<Promise<void>>();
  let run: ((data: T) => Promise<void>) | undefined;
  let closed = false;
  return {
    distributed: false,
    async start(handler) {
      run = handler;
    },
    async add(id, data, delayMs) {
      // After close nothing runs here: the store keeps the round, and the next start resumes it.
      if (closed || timers.has(id)) return;
      const timer = setTimeout(() => {
        timers.delete(id);
        if (!run) return;
        const work = run(data).catch(() => {});
        running.add(work);
        void work.finally(() => running.delete(work));
      }, delayMs);
      timers.set(id, timer);
    },
    async remove(id) {
      clearTimeout(timers.get(id));
      timers.delete(id);
    },
    async close() {
      closed = true;
      run = undefined;
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      await Promise.allSettled([...running]);
    },
  };
}

/** What this module uses of a BullMQ Queue and Worker, whichever backend they run on. */
interface QueueLike {
  add(name: string, data: unknown, options: JobsOptions): Promise<unknown>;
  remove(jobId: string): Promise<number>;
  close(): Promise<void>;
  waitUntilReady(): Promise<unknown>;
  on(event: "error", listener: (error: Error) => void): unknown;
}
interface WorkerLike {
  close(): Promise<void>;
  waitUntilReady(): Promise<unknown>;
  on(event: "error", listener: (error: Error) => void): unknown;
}

/** How many steps one process runs at once (each mostly waits on Discord and the store). */
const WORKER_CONCURRENCY = 32;

/** Job ids cannot contain ":" in BullMQ (it separates its own keys). */
function jobIdOf(id: string): string {
  return id.replaceAll(":", ".");
}

/**
 * Opens the step queue for a store: timers for SQLite and memory, a BullMQ queue named after the
 * store's namespace (so two bots, or two tests, on one server never take each other's steps) on
 * Redis and PostgreSQL. `schema` checks each job's data as it comes back from the server.
 */
export async function openStepQueue<T>(
  storeUrl: string,
  options: {
    namespace: string;
    name: string;
    schema: z.ZodType<T>;
    onError?: (error: unknown) => void;
  },
): Promise<StepQueue<T>> {
  const backend = backendOf(storeUrl);
  if (backend !== "redis" && backend !== "postgres") return inProcessSteps<T>();
  const queueName = `${options.name}-${options.namespace}`.replaceAll(":", ".");
  const jobOptions = {
    removeOnComplete: { age: 3_600 },
    removeOnFail: { age: 86_400 },
    // A step that throws is not retried by BullMQ: the caller schedules its own retry (a new id).
    attempts: 1,
  };
  const onError = options.onError ?? (() => {});
  let queue: QueueLike;
  let makeWorker: (processor: (job: Job) => Promise<void>) => WorkerLike;
  let closeConnection = async () => {};
  if (backend === "redis") {
    // The node-redis client @keyv/redis is built on, adapted for BullMQ: no second Redis driver.
    const raw = createClient({ url: storeUrl });
    raw.on("error", onError);
    // BullMQ describes the node-redis client structurally (NodeRedisRawClient); @redis/client's
    // own type, generic over modules and scripts, is that client but does not unify with it.
    const connection = createNodeRedisClient(raw as unknown as NodeRedisRawClient);
    queue = new Queue(queueName, { connection });
    // The worker blocks waiting for jobs, so BullMQ gives it its own duplicate of the connection.
    makeWorker = (processor) =>
      new Worker(queueName, processor, { connection, concurrency: WORKER_CONCURRENCY, autorun: true });
    closeConnection = async () => {
      if (raw.isOpen) await raw.close().catch(() => raw.destroy());
    };
  } else {
    // The queue's tables live in the `bullmq` schema of the store's database, migrated on connect
    // (idempotent, and serialised by an advisory lock when several processes start together).
    // Small pools: each process has a Queue and a Worker (a pool and a LISTEN connection each),
    // and its jobs are few next to its store queries.
    const connection = { connectionString: storeUrl, migrate: true, max: 2 };
    queue = new Queue(queueName, { connection }, createPostgresBackend);
    makeWorker = (processor) =>
      new Worker(
        queueName,
        processor,
        { connection, concurrency: WORKER_CONCURRENCY, autorun: true },
        createPostgresBackend,
      );
  }
  queue.on("error", onError);
  let worker: WorkerLike | undefined;
  await queue.waitUntilReady();
  return {
    distributed: true,
    async start(run) {
      worker = makeWorker(async (job) => {
        const data = options.schema.safeParse(job.data);
        if (!data.success) throw new Error(`step ${job.id} has malformed data: ${data.error.message}`);
        await run(data.data);
      });
      worker.on("error", onError);
      await worker.waitUntilReady();
    },
    async add(id, data, delayMs) {
      await queue.add(options.name, data, { ...jobOptions, jobId: jobIdOf(id), delay: Math.max(0, delayMs) });
    },
    async remove(id) {
      // A job already taken is locked: removing it fails, and the step, idempotent, runs anyway.
      await queue.remove(jobIdOf(id)).catch(() => 0);
    },
    async close() {
      await worker?.close();
      await queue.close();
      await closeConnection();
    },
  };
}

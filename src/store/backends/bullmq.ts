/**
 * The step queue of a store that several processes share (Redis, PostgreSQL): a BullMQ queue on
 * the store's own server. A step is a delayed job, and every bot process runs a worker: whichever
 * process is alive when a step is due takes it, so a round survives the death of the process that
 * started it. A job id names its step, so adding a step already queued, running or done (kept an
 * hour) is a no-op; a job whose worker died mid-step (its lock not renewed) is handed to another
 * worker as stalled, which runs it again (the caller makes a second run harmless).
 *
 * Each backend gives the connection (redis/steps.ts, postgres/steps.ts); the rest is the same.
 */
import type { Job, JobsOptions } from "bullmq";
import type { StepQueue, StepQueueOptions } from "../steps.ts";

/** What this module uses of a BullMQ Queue and Worker, whichever backend they run on. */
export interface QueueLike {
  add(name: string, data: unknown, options: JobsOptions): Promise<unknown>;
  remove(jobId: string): Promise<number>;
  close(): Promise<void>;
  waitUntilReady(): Promise<unknown>;
  on(event: "error", listener: (error: Error) => void): unknown;
}
export interface WorkerLike {
  close(): Promise<void>;
  waitUntilReady(): Promise<unknown>;
  on(event: "error", listener: (error: Error) => void): unknown;
}

/** A backend's BullMQ connection: its queue, how to make its worker, and how to close what it opened. */
export interface BullmqConnection {
  readonly queue: QueueLike;
  makeWorker(processor: (job: Job) => Promise<void>): WorkerLike;
  closeConnection(): Promise<void>;
}

/** How many steps one process runs at once (each mostly waits on Discord and the store). */
export const WORKER_CONCURRENCY = 32;

/** The queue's name: the queue's own, then the store's namespace (BullMQ keys cannot hold ":"). */
export function queueNameOf(options: StepQueueOptions<unknown>): string {
  return `${options.name}-${options.namespace}`.replaceAll(":", ".");
}

/** Job ids cannot contain ":" in BullMQ (it separates its own keys). */
function jobIdOf(id: string): string {
  return id.replaceAll(":", ".");
}

const jobOptions = {
  removeOnComplete: { age: 3_600 },
  removeOnFail: { age: 86_400 },
  // A step that throws is not retried by BullMQ: the caller schedules its own retry (a new id).
  attempts: 1,
};

/** The step queue over a BullMQ connection; `schema` checks each job's data as it comes back from the server. */
export async function bullmqSteps<T>(
  connection: BullmqConnection,
  options: StepQueueOptions<T>,
): Promise<StepQueue<T>> {
  const { queue, makeWorker, closeConnection } = connection;
  const onError = options.onError ?? (() => {});
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

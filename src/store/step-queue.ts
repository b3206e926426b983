/**
 * The step queue's public API: delayed, typed steps that outlive the process that scheduled them
 * (a channel round's reveal, next question, finish; an assignment's deadline). One STORE_URL picks
 * the engine, as for the records (see backend.ts): in-process timers on SQLite and memory, a
 * BullMQ queue on the server on Redis and PostgreSQL.
 *
 *   const steps = await openStepQueue(storeUrl, { namespace, name: "deadlines", schema: DeadlineSchema });
 *   await steps.start(async (deadline) => { ... });   // claims each due step once (at least once: be idempotent)
 *   await steps.add(`deadline:${id}`, { assignmentId: id }, dueAt - now);   // enqueue; same id again: no-op
 */
import { driverOf } from "./open.ts";
import type { StepQueue, StepQueueOptions } from "./steps.ts";

export { inProcessSteps, type StepQueue, type StepQueueOptions } from "./steps.ts";

/** Opens the step queue of the store a URL names (a queue per `name` and store namespace). */
export function openStepQueue<T>(storeUrl: string, options: StepQueueOptions<T>): Promise<StepQueue<T>> {
  return driverOf(storeUrl).openSteps(storeUrl, options);
}

/**
 * Delayed steps (a channel round's next step, an assignment's due time) as the Discord layer's
 * drivers see them. The queue itself is the store's (src/store/step-queue.ts: timers on SQLite,
 * BullMQ on Redis and PostgreSQL), opened by the entry point; the drivers reach it through here,
 * never through src/store.
 */
export { inProcessSteps, type StepQueue } from "../store/step-queue.ts";

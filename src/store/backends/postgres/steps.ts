/** PostgreSQL's step queue: BullMQ's PostgreSQL backend over `pg`, in the store's own database. */
import { createPostgresBackend, Queue, Worker } from "bullmq";
import type { StepQueue, StepQueueOptions } from "../../steps.ts";
import { bullmqSteps, queueNameOf, WORKER_CONCURRENCY } from "../bullmq.ts";

export function postgresSteps<T>(storeUrl: string, options: StepQueueOptions<T>): Promise<StepQueue<T>> {
  const queueName = queueNameOf(options);
  // The queue's tables live in the `bullmq` schema of the store's database, migrated on connect
  // (idempotent, and serialised by an advisory lock when several processes start together).
  // Small pools: each process has a Queue and a Worker (a pool and a LISTEN connection each),
  // and its jobs are few next to its store queries.
  const connection = { connectionString: storeUrl, migrate: true, max: 2 };
  return bullmqSteps(
    {
      queue: new Queue(queueName, { connection }, createPostgresBackend),
      makeWorker: (processor) =>
        new Worker(
          queueName,
          processor,
          { connection, concurrency: WORKER_CONCURRENCY, autorun: true },
          createPostgresBackend,
        ),
      closeConnection: async () => {},
    },
    options,
  );
}

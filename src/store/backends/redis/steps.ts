/** Redis's step queue: BullMQ over the node-redis client @keyv/redis already brings (no second Redis driver). */
import { createClient } from "@redis/client";
import { createNodeRedisClient, type NodeRedisRawClient, Queue, Worker } from "bullmq";
import type { StepQueue, StepQueueOptions } from "../../steps.ts";
import { bullmqSteps, queueNameOf, WORKER_CONCURRENCY } from "../bullmq.ts";

export function redisSteps<T>(storeUrl: string, options: StepQueueOptions<T>): Promise<StepQueue<T>> {
  const queueName = queueNameOf(options);
  const raw = createClient({ url: storeUrl });
  raw.on("error", options.onError ?? (() => {}));
  // BullMQ describes the node-redis client structurally (NodeRedisRawClient); @redis/client's
  // own type, generic over modules and scripts, is that client but does not unify with it.
  const connection = createNodeRedisClient(raw as unknown as NodeRedisRawClient);
  return bullmqSteps(
    {
      queue: new Queue(queueName, { connection }),
      // The worker blocks waiting for jobs, so BullMQ gives it its own duplicate of the connection.
      makeWorker: (processor) =>
        new Worker(queueName, processor, { connection, concurrency: WORKER_CONCURRENCY, autorun: true }),
      closeConnection: async () => {
        if (raw.isOpen) await raw.close().catch(() => raw.destroy());
      },
    },
    options,
  );
}

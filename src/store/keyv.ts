/**
 * keyv as every backend uses it: over its adapter, with the bot's record serializer, and (for a
 * networked store) every call bounded in time.
 */
import Keyv, { type DeserializedData, type KeyvStoreAdapter } from "keyv";
import { timed, unavailableIfDisconnected } from "./errors.ts";
import { deserializeRecord } from "./validated.ts";

/**
 * Bounds every call to a networked store. While Redis is paused or restarting, @keyv/redis queues
 * commands and waits (no error), and a PostgreSQL query can wait as long on a dead connection: an
 * interaction would then stay "thinking" forever, and the steps of a channel round would stall.
 * With a bound, the caller gets a StoreUnavailableError that the player is told about, and the
 * next call tries again. Iterators (the scans) are bounded per read.
 */
export function withTimeouts(keyv: Keyv, timeoutMs: number): Keyv {
  const calls = ["get", "getMany", "set", "setMany", "delete", "deleteMany", "has", "clear"] as const;
  for (const name of calls) {
    const call = keyv[name] as (...args: unknown[]) => Promise<unknown>;
    Object.defineProperty(keyv, name, {
      configurable: true,
      writable: true,
      value: (...args: unknown[]) =>
        timed(name, timeoutMs, call.apply(keyv, args)).catch((error: unknown) => {
          throw unavailableIfDisconnected(error, name);
        }),
    });
  }
  // At shutdown, a store that does not answer is not waited for (closing Redis waits for replies).
  const disconnect = keyv.disconnect.bind(keyv);
  keyv.disconnect = () => timed("disconnect", timeoutMs, disconnect()).catch(() => {});
  const iterate = keyv.iterator;
  if (iterate) {
    keyv.iterator = async function* (namespace?: string) {
      const pages = iterate(namespace);
      for (;;) {
        const next = await timed("iterator", timeoutMs, pages.next()).catch((error: unknown) => {
          void pages.return(undefined).catch(() => {});
          throw error;
        });
        if (next.done) return;
        yield next.value;
      }
    };
  }
  return keyv;
}

/** A keyv over an adapter, with the bot's record serializer (also used by the benchmarks' stores). */
export function keyvOver(store: KeyvStoreAdapter | Map<string, unknown>, namespace = "quiz"): Keyv {
  // Records are plain JSON (validated with zod when read), so the native JSON functions do.
  // keyv's default serializer walks every value in JavaScript to encode Buffers, which we never
  // store; it was a third of the answer path's CPU time. Both read what the default wrote, since
  // no record holds a Buffer or a string starting with ":" (the two things it escapes).
  return new Keyv({
    store,
    namespace,
    throwOnErrors: true,
    serialize: (data) => JSON.stringify(data),
    // A value that is not JSON is read as an UnreadableRecord, which fails validation and is moved aside.
    deserialize: <Value>(text: string) => deserializeRecord(text) as DeserializedData<Value>,
  });
}

/**
 * The node-redis client under a keyv store, with keyv's key format, for the code that needs what
 * keyv cannot do (scripts, sorted sets). Everything written here is written as keyv writes it, so
 * keyv keeps reading it: the key `{namespace}::{namespace}:{key}` (@keyv/redis's prefix around
 * keyv's own) and the payload `{"value":…,"expires":…}` through the bot's JSON serializer.
 */
import { createHash } from "node:crypto";
import KeyvRedis from "@keyv/redis";
import type Keyv from "keyv";
import { STORE_TIMEOUT_MS, timed } from "../../errors.ts";

/** A Redis store reached under keyv. */
export interface RedisAccess {
  /** The Redis key keyv uses for one of the bot's keys. */
  rawKey(key: string): string;
  /** Sends one command (bounded by the store timeout) and returns its reply. */
  command(args: readonly string[]): Promise<unknown>;
  /** Runs a Lua script (EVALSHA, loading it with EVAL on first use), bounded by the store timeout. */
  script(source: string, keys: readonly string[], args: readonly string[]): Promise<unknown>;
}

/** The one client method used here: every command goes through it. */
interface CommandSender {
  sendCommand(args: string[]): Promise<unknown>;
}

/** The Redis client under a keyv over @keyv/redis, or undefined for any other store. */
export function redisAccess(keyv: Keyv): RedisAccess | undefined {
  const store: unknown = keyv.store;
  if (!(store instanceof KeyvRedis)) return undefined;
  // A Redis Cluster is not supported: one script touches a session and its players' keys, which
  // a cluster would spread over slots. The bot opens a single-node client (see open.ts), whose
  // sendCommand takes the command as an array of strings.
  let client: Promise<CommandSender> | undefined;
  const connected = () => {
    client ??= store.getClient().then((c) => c as unknown as CommandSender);
    return client;
  };
  const namespace = keyv.namespace;
  const adapter = store as KeyvRedis<unknown>;
  const shas = new Map<string, string>();
  const command = (args: readonly string[]) =>
    timed(
      args[0] ?? "a command",
      STORE_TIMEOUT_MS,
      connected().then((c) => c.sendCommand([...args])),
    );
  return {
    rawKey: (key) => adapter.createKeyPrefix(namespace ? `${namespace}:${key}` : key, adapter.namespace),
    command,
    async script(source, keys, args) {
      let sha = shas.get(source);
      if (!sha) {
        sha = createHash("sha1").update(source).digest("hex");
        shas.set(source, sha);
      }
      const rest = [String(keys.length), ...keys, ...args];
      try {
        return await command(["EVALSHA", sha, ...rest]);
      } catch (error) {
        if (!(error instanceof Error) || !error.message.startsWith("NOSCRIPT")) throw error;
        // First use on this server (or after a restart or SCRIPT FLUSH): EVAL loads it.
        return await command(["EVAL", source, ...rest]);
      }
    },
  };
}

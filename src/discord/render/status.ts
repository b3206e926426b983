import type { StoreProbe } from "../../app/store-status.ts";
import { type Locale, t } from "../../i18n/index.ts";
import { COLORS, type MessageBody } from "./quiz.ts";
import { DISCORD_LIMITS, truncate } from "./text.ts";

/** What /status reports about this process (gathered by the command, drawn here). */
export interface BotStatus {
  readonly version: string;
  readonly uptimeSeconds: number;
  /** This process's gateway shards (none over HTTP), and how many the whole bot runs. */
  readonly shards: readonly number[];
  readonly shardCount: number;
  readonly backend: string;
  readonly store: StoreProbe;
  /** How long the store's probe took. */
  readonly storeMs: number;
  /** The servers this process has from the gateway (undefined over HTTP, where it has no list). */
  readonly guilds: number | undefined;
  readonly rssBytes: number;
  readonly heapBytes: number;
}

const megabytes = (bytes: number) => (bytes / 1_048_576).toFixed(1);

function storeText(status: BotStatus, locale: Locale): string {
  const { backend, store } = status;
  if (store.state === "writable") return t(locale, "status.store.writable", { backend, ms: status.storeMs });
  const error = truncate(store.error, 300);
  return store.state === "read-only"
    ? t(locale, "status.store.readOnly", { backend, error })
    : t(locale, "status.store.unreachable", { backend, error });
}

/** /status: the bot's version, uptime, shards, store, servers and memory, for its owner. */
export function statusMessage(status: BotStatus, locale: Locale): MessageBody {
  const seconds = Math.floor(status.uptimeSeconds);
  const field = (name: string, value: string) => ({
    name,
    value: truncate(value, DISCORD_LIMITS.fieldValue),
    inline: true,
  });
  return {
    embeds: [
      {
        color: status.store.state === "writable" ? COLORS.right : COLORS.wrong,
        title: t(locale, "status.title"),
        fields: [
          field(t(locale, "status.version"), status.version),
          field(
            t(locale, "status.uptime"),
            t(locale, "status.uptimeValue", {
              days: Math.floor(seconds / 86_400),
              hours: Math.floor((seconds % 86_400) / 3_600),
              minutes: Math.floor((seconds % 3_600) / 60),
            }),
          ),
          field(
            t(locale, "status.shards"),
            status.shards.length === 0
              ? t(locale, "status.shardsNone", { total: status.shardCount })
              : t(locale, "status.shardsValue", {
                  shards: status.shards.join(", "),
                  total: status.shardCount,
                }),
          ),
          field(t(locale, "status.store"), storeText(status, locale)),
          field(
            t(locale, "status.guilds"),
            status.guilds === undefined
              ? t(locale, "status.guildsOverHttp")
              : t(locale, "status.guildsValue", { count: status.guilds }),
          ),
          field(
            t(locale, "status.memory"),
            t(locale, "status.memoryValue", {
              rss: megabytes(status.rssBytes),
              heap: megabytes(status.heapBytes),
            }),
          ),
        ],
      },
    ],
    components: [],
  };
}

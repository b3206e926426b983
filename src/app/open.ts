import type Keyv from "keyv";
import type { Logger } from "pino";
import { loadBank } from "../bank/load.ts";
import { openKeyv } from "../store/open.ts";
import { type AppContext, createAppContext } from "./context.ts";

/** Loads the bank and opens the store: what the bot, the terminal quiz and the benchmarks share. */
export async function openGame(options: {
  storeUrl: string;
  logger: Logger;
  questionsDir?: string;
}): Promise<{
  ctx: AppContext;
  keyv: Keyv;
  close: () => Promise<void>;
}> {
  const bank = await loadBank(options.questionsDir);
  // Which question shows which answer is worked out now, not when the first quiz is drawn.
  bank.findReveals();
  const keyv = openKeyv(options.storeUrl);
  const ctx = createAppContext({ bank, keyv, logger: options.logger });
  return { ctx, keyv, close: () => keyv.disconnect() };
}

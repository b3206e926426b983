import { collectDefaultMetrics, Gauge, type Registry } from "prom-client";
import { PACKAGE_VERSION } from "../paths.ts";

/**
 * The metrics every process of the bot exposes, the bot's and the REST proxy's alike: prom-client's
 * defaults (process_* and nodejs_*: CPU, memory, event loop lag, handles) and the build it runs.
 */
export function registerProcessMetrics(registry: Registry): void {
  collectDefaultMetrics({ register: registry });
  new Gauge({
    name: "quiz_build_info",
    help: "The version this process runs (from package.json) and its Node.js version (always 1).",
    labelNames: ["version", "node"],
    registers: [registry],
  }).set({ version: PACKAGE_VERSION, node: process.version }, 1);
}

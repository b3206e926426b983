/**
 * Rasterises chart SVGs to PNG with resvg (Rust, prebuilt for each platform as an npm package: no
 * compiler, no download at install time). Only the bundled font is used, never the machine's, so a
 * chart looks the same everywhere and Hangul always renders. The work (rasterising and PNG
 * encoding, 30-130 ms a chart) runs in one worker thread, so it never holds up the event loop
 * that answers clicks; the worker does not keep the process alive.
 */
import path from "node:path";
import { Worker } from "node:worker_threads";
import { z } from "zod";
import { PROJECT_ROOT } from "../paths.ts";
import type { Chart } from "./charts.ts";
import { FONT_FAMILY } from "./svg.ts";

/**
 * The bundled font: Pretendard Regular (SIL Open Font License 1.1), Latin and all of Hangul. It is
 * found from the package root, since assets/ is not copied into dist/ (resvg draws no text at all,
 * without an error, when it is given a font file that does not exist).
 */
export const FONT_FILE = path.join(PROJECT_ROOT, "assets", "fonts", "Pretendard-Regular.otf");

/** A chart drawn as PNG, ready to attach. */
export interface RenderedChart {
  readonly name: string;
  readonly description: string;
  readonly png: Buffer;
}

/** Draws a chart to PNG (what the bot calls; tests and CHARTS=off swap it). */
export type ChartRenderer = (chart: Chart) => Promise<RenderedChart>;

/** What the worker answers, checked at the thread boundary. */
const ReplySchema = z.union([
  z.object({ id: z.number(), png: z.instanceof(Uint8Array) }),
  z.object({ id: z.number(), error: z.string() }),
]);

/** How long a chart may take before it counts as failed (the message then goes out without it). */
const RENDER_TIMEOUT_MS = 10_000;

let worker: Worker | undefined;
let nextId = 0;
const pending = new Map<number, { resolve: (png: Buffer) => void; reject: (error: Error) => void }>();

/** Lets the process exit once no chart is waiting for the worker. */
function releaseWhenIdle(): void {
  if (pending.size === 0) worker?.unref();
}

/** The worker, started on first use; if it dies, every pending chart fails and the next call starts a new one. */
function chartWorker(): Worker {
  if (worker) return worker;
  // Plain JavaScript: the worker needs no loader (tsx's would hold the process open).
  const started = new Worker(new URL("./render-worker.mjs", import.meta.url), { execArgv: [] });
  started.on("message", (message: unknown) => {
    const reply = ReplySchema.safeParse(message);
    if (!reply.success) return;
    const waiting = pending.get(reply.data.id);
    if (!waiting) return;
    pending.delete(reply.data.id);
    if ("error" in reply.data) waiting.reject(new Error(`chart worker: ${reply.data.error}`));
    else
      waiting.resolve(
        Buffer.from(reply.data.png.buffer, reply.data.png.byteOffset, reply.data.png.byteLength),
      );
  });
  const fail = (error: Error) => {
    if (worker === started) worker = undefined;
    for (const waiting of pending.values()) waiting.reject(error);
    pending.clear();
  };
  started.on("error", fail);
  started.on("exit", (code) => fail(new Error(`chart worker exited with code ${code}`)));
  // Held (ref'd) only while a chart is being drawn, from renderChart: an idle worker never keeps
  // the process alive, and a short-lived one (a tool that draws one chart) waits for its answer.
  // Unref'd after the listeners, since adding a "message" listener refs the worker's port again.
  started.unref();
  worker = started;
  return started;
}

/** Rasterises one chart's SVG to PNG (in the worker) with the bundled font only. */
export const renderChart: ChartRenderer = async (chart) => {
  const id = nextId++;
  const png = await new Promise<Buffer>((resolve, reject) => {
    const timer = setTimeout(() => {
      pending.delete(id);
      releaseWhenIdle();
      reject(new Error(`chart ${chart.name} took over ${RENDER_TIMEOUT_MS} ms`));
    }, RENDER_TIMEOUT_MS);
    timer.unref();
    pending.set(id, {
      resolve: (value) => {
        clearTimeout(timer);
        releaseWhenIdle();
        resolve(value);
      },
      reject: (error) => {
        clearTimeout(timer);
        releaseWhenIdle();
        reject(error);
      },
    });
    const drawing = chartWorker();
    drawing.ref();
    drawing.postMessage({ id, svg: chart.svg, fontFile: FONT_FILE, fontFamily: FONT_FAMILY });
  });
  return { name: chart.name, description: chart.description, png };
};

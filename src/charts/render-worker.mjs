// The chart worker: rasterises SVGs to PNG with resvg, off the main thread. Plain JavaScript so
// that it runs as is wherever the bot runs (tsx, vitest, a build), with no TypeScript loader.
// Messages in: { id, svg, fontFile, fontFamily }; out: { id, png } or { id, error }.
import { existsSync } from "node:fs";
import { parentPort } from "node:worker_threads";
import { Resvg } from "@resvg/resvg-js";

parentPort?.on("message", ({ id, svg, fontFile, fontFamily }) => {
  try {
    // resvg draws no text, and says nothing, when its only font file is missing: refuse instead,
    // so the message goes out without a chart and the log names the file.
    if (!existsSync(fontFile)) throw new Error(`the chart font ${fontFile} is missing`);
    const image = new Resvg(svg, {
      font: { loadSystemFonts: false, fontFiles: [fontFile], defaultFontFamily: fontFamily },
      shapeRendering: 2,
      textRendering: 1,
    }).render();
    // Both rasterising and the PNG encoding run here: neither holds up the bot's event loop.
    // resvg's Buffer lives in memory Node did not allocate, which Node 24 refuses to transfer
    // ("Cannot transfer object of unsupported type"): copy it into a plain array, then move that.
    const png = new Uint8Array(image.asPng());
    parentPort?.postMessage({ id, png }, [png.buffer]);
  } catch (error) {
    parentPort?.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});

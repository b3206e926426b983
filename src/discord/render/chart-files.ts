/**
 * Charts on Discord messages: draws a message's charts (once per message, never on the path of an
 * answer click) and turns them into attachments. A chart that fails to draw is logged and left
 * out: the message goes out with its text intact. With CHARTS=off no chart is drawn at all.
 */
import { AttachmentBuilder, type RawFile } from "discord.js";
import type { Logger } from "pino";
import type { Chart } from "../../charts/charts.ts";
import type { ChartRenderer, RenderedChart } from "../../charts/render.ts";

/** Discord's limit on one upload (the smallest, for servers without boosts): charts are far below it. */
export const ATTACHMENT_BYTES_MAX = 10 * 1024 * 1024;

/** What drawing needs: the renderer (none when charts are off) and a logger for failures. */
export interface ChartDeps {
  readonly charts?: ChartRenderer | undefined;
  readonly logger: Logger;
}

/** Draws charts to PNG; a chart that fails (or is too big) is logged with `context` and skipped. */
export async function drawCharts(
  deps: ChartDeps,
  charts: readonly Chart[],
  context: Record<string, unknown>,
): Promise<RenderedChart[]> {
  const render = deps.charts;
  if (!render) return [];
  const drawn = await Promise.all(
    charts.map(async (chart) => {
      try {
        const rendered = await render(chart);
        if (rendered.png.length > ATTACHMENT_BYTES_MAX) throw new Error(`${rendered.png.length} bytes`);
        return rendered;
      } catch (error) {
        deps.logger.error(
          { ...context, err: error, chart: chart.name },
          "could not draw a chart: sending the text alone",
        );
        return undefined;
      }
    }),
  );
  return drawn.filter((c): c is RenderedChart => c !== undefined);
}

/** Charts as attachments of an interaction reply, with their alt text. */
export function chartAttachments(charts: readonly RenderedChart[]): AttachmentBuilder[] {
  return charts.map((c) =>
    new AttachmentBuilder(c.png, { name: c.name }).setDescription(c.description.slice(0, 1024)),
  );
}

/** Charts as files of a REST call, and the `attachments` entries that describe them (alt text). */
export function chartFiles(charts: readonly RenderedChart[]): {
  files: RawFile[];
  attachments: { id: number; filename: string; description: string }[];
} {
  return {
    files: charts.map((c) => ({ name: c.name, data: c.png, contentType: "image/png" })),
    attachments: charts.map((c, id) => ({ id, filename: c.name, description: c.description.slice(0, 1024) })),
  };
}

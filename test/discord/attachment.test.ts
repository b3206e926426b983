import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DISCORD_ATTACHMENT_ORIGINS,
  readAttachmentText,
} from "../../src/discord/features/lessons/attachment.ts";

/** A loopback server standing in for the CDN, with files that misbehave on purpose. */
let server: Server;
let origin = "";
let requests = 0;
const hanging = new Set<() => void>();

beforeAll(async () => {
  server = createServer((request, response) => {
    requests++;
    const path = request.url ?? "/";
    if (path === "/ok.csv") return void response.end("question_id\nq1\n");
    if (path === "/endless") {
      // Says nothing of its size and never stops: the read must stop at the cap.
      response.writeHead(200);
      const chunk = Buffer.alloc(16 * 1024, 120);
      const timer = setInterval(() => response.write(chunk), 1);
      response.on("close", () => clearInterval(timer));
      return;
    }
    if (path === "/latin1") return void response.end(Buffer.from([0x63, 0x61, 0x66, 0xe9]));
    if (path === "/redirect") {
      response.writeHead(302, { location: "http://169.254.169.254/" });
      return void response.end();
    }
    if (path === "/silent") {
      hanging.add(() => response.destroy());
      return;
    }
    response.writeHead(404);
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const end of hanging) end();
  await new Promise((resolve) => server.close(resolve));
});

const read = (path: string, size = 10, options: { origins?: string[]; timeoutMs?: number } = {}) =>
  readAttachmentText(
    { name: "f.csv", url: `${origin}${path}`, size, contentType: "text/csv" },
    { origins: options.origins ?? [origin], maxBytes: 64 * 1024, timeoutMs: options.timeoutMs ?? 2_000 },
  );

describe("readAttachmentText", () => {
  it("reads a file from an allowed origin", async () => {
    await expect(read("/ok.csv")).resolves.toBe("question_id\nq1\n");
  });

  it("never fetches from an origin that is not configured (production: Discord's CDN over https)", async () => {
    const before = requests;
    await expect(read("/ok.csv", 10, { origins: DISCORD_ATTACHMENT_ORIGINS })).rejects.toThrow(
      "must come from Discord's attachment server",
    );
    expect(requests).toBe(before);
  });

  it("refuses by the declared size before fetching, and by the bytes read when the size lied", async () => {
    const before = requests;
    await expect(read("/ok.csv", 65 * 1024)).rejects.toThrow("larger than 64 KiB");
    expect(requests).toBe(before);
    await expect(read("/endless")).rejects.toThrow("larger than 64 KiB");
  });

  it("says a file is unreadable when it is missing, redirects elsewhere, or never answers", async () => {
    await expect(read("/missing")).rejects.toThrow("could not be downloaded");
    await expect(read("/redirect")).rejects.toThrow("could not be downloaded");
    await expect(read("/silent", 10, { timeoutMs: 200 })).rejects.toThrow("could not be downloaded");
  });

  it("refuses text that is not UTF-8 instead of guessing", async () => {
    await expect(read("/latin1")).rejects.toThrow("not UTF-8 text");
  });
});

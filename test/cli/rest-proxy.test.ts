/**
 * The REST proxy's operator routes, on the real proxy process in front of the fake Discord:
 * /livez, /readyz and /metrics on its own port, beside the requests it forwards.
 */
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { FakeDiscord } from "../fake-discord/index.ts";
import { startRestProxy } from "../helpers/bot-process.ts";

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("npm run rest-proxy", () => {
  it("answers /livez, /readyz and /metrics on its port, counting the requests it forwarded by status", async () => {
    const fake = await FakeDiscord.start({ strictMentions: true });
    cleanups.push(() => fake.close());
    const proxy = await startRestProxy(fake.apiUrl);
    cleanups.push(() => {
      if (proxy.child.exitCode === null) proxy.child.kill("SIGKILL");
    });
    const origin = new URL(proxy.url).origin;
    // Two requests through the proxy: one Discord answers, one it refuses (no token).
    const gateway = await fetch(`${proxy.url}/v10/gateway/bot`, {
      headers: { authorization: `Bot ${fake.token}` },
    });
    expect(gateway.status).toBe(200);
    await gateway.text();
    const refused = await fetch(`${proxy.url}/v10/gateway/bot`);
    expect(refused.status).toBe(401);
    await refused.text();

    const live = await fetch(`${origin}/livez`);
    expect(live.status).toBe(200);
    expect(await live.json()).toMatchObject({ ok: true, pid: proxy.child.pid });
    const ready = await fetch(`${origin}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ok: true, upstream: fake.apiUrl });

    const metrics = await (await fetch(`${origin}/metrics`)).text();
    expect(metrics).toMatch(/^quiz_rest_proxy_requests_total\{status="200"\} 1$/m);
    expect(metrics).toMatch(/^quiz_rest_proxy_requests_total\{status="401"\} 1$/m);
    expect(metrics).toMatch(/^process_resident_memory_bytes [1-9]/m);
    const { version } = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };
    expect(metrics).toContain(`quiz_build_info{version="${version}",node="${process.version}"} 1`);
    // The operator's routes are not proxied: Discord saw the two requests and nothing else.
    expect(metrics).not.toMatch(/status="404"/);
  });
});

import type Keyv from "keyv";
import { afterAll, describe, expect, it } from "vitest";
import { CLAIM_TTL_MS, interactionClaims } from "../../src/store/interaction-claims.ts";
import { testBackends, testNamespace } from "../helpers/backends.ts";

const opened: Keyv[] = [];
afterAll(async () => {
  for (const keyv of opened) await keyv.disconnect();
});

for (const backend of await testBackends()) {
  describe.skipIf(!backend.reachable)(`interaction claims on ${backend.name}`, () => {
    it("takes an id once among many simultaneous claims from two processes' connections, and again once it expired", async () => {
      const namespace = testNamespace();
      let now = 1_000_000;
      const a = backend.open(namespace);
      // A second connection to the same store: another worker (memory is one process by nature).
      const b = backend.name === "memory" ? a : backend.open(namespace);
      opened.push(a, ...(b === a ? [] : [b]));
      const [first, second] = [interactionClaims(a, () => now), interactionClaims(b, () => now)];
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? first : second).claim("1234567890")),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await second.claim("1234567891")).toBe(true);
      expect(await first.claim("1234567891")).toBe(false);
      // Past its time the same id is free again (Redis expires it itself, by its own clock).
      if (backend.name !== "redis") {
        now += CLAIM_TTL_MS + 1;
        expect(await first.claim("1234567890")).toBe(true);
        expect(await second.claim("1234567890")).toBe(false);
      }
    });
  });
}

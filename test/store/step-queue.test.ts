import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { openStepQueue, type StepQueue } from "../../src/store/step-queue.ts";
import { testBackends, testNamespace } from "../helpers/backends.ts";

const StepSchema = z.object({ n: z.number() });
type Step = z.infer<typeof StepSchema>;

const opened: StepQueue<Step>[] = [];
afterAll(async () => {
  for (const queue of opened) await queue.close().catch(() => {});
});

/** Resolves once `check` holds, polling (no wall-clock assertion: only a generous bound). */
async function until(check: () => boolean, what: string, limitMs = 15_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > limitMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

for (const backend of await testBackends()) {
  describe.skipIf(!backend.reachable)(`the step queue on ${backend.name}`, () => {
    const open = async (namespace: string) => {
      const queue = await openStepQueue(backend.url, { namespace, name: "steps", schema: StepSchema });
      opened.push(queue);
      return queue;
    };

    // Enqueue, due, claim once and remove, on every backend: the contract suite (contract.test.ts).
    it("is distributed exactly where several processes share the store", async () => {
      expect((await open(testNamespace())).distributed).toBe(backend.shared);
    });

    it.skipIf(!backend.shared)(
      "shares steps between processes: each runs once across them, and a closed process's steps run in another",
      async () => {
        const namespace = testNamespace();
        const [a, b] = [await open(namespace), await open(namespace)];
        const ranIn: Record<string, string[]> = { a: [], b: [] };
        await a.start(async (step) => void ranIn.a?.push(String(step.n)));
        await b.start(async (step) => void ranIn.b?.push(String(step.n)));
        for (let n = 0; n < 40; n++) await (n % 2 ? a : b).add(`round:${n}:close`, { n }, 50);
        const all = () => [...(ranIn.a ?? []), ...(ranIn.b ?? [])];
        await until(() => all().length >= 40, "forty steps");
        expect(all().sort()).toEqual(Array.from({ length: 40 }, (_, n) => String(n)).sort());

        // A step scheduled by `a`, which stops before it is due, runs in `b`.
        await a.add("late:0:close", { n: 1000 }, 500);
        await a.close();
        await until(() => (ranIn.b ?? []).includes("1000"), "the closed process's step to run in the other");
        expect(ranIn.a).not.toContain("1000");
      },
    );
  });
}

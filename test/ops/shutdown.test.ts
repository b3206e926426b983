import { describe, expect, it } from "vitest";
import { InFlight } from "../../src/ops/shutdown.ts";

describe("the work in flight at shutdown", () => {
  it("waits for every tracked answer, including work started while draining", async () => {
    const inFlight = new InFlight();
    const done: string[] = [];
    let release: () => void = () => {};
    const first = new Promise<void>((resolve) => {
      release = resolve;
    }).then(() => {
      done.push("first");
      // A reply decided by the first answer starts more work while the drain waits.
      void inFlight.track(Promise.resolve().then(() => done.push("second")));
    });
    void inFlight.track(first);
    expect(inFlight.accepting).toBe(true);
    const drained = inFlight.drain(60_000);
    expect(inFlight.accepting).toBe(false);
    release();
    expect(await drained).toBe(0);
    expect(done).toEqual(["first", "second"]);
  });

  it("gives up at the limit and says how many were still running", async () => {
    const inFlight = new InFlight();
    void inFlight.track(new Promise(() => {}));
    void inFlight.track(Promise.resolve());
    expect(await inFlight.drain(20)).toBe(1);
  });

  it("counts a failed answer as settled", async () => {
    const inFlight = new InFlight();
    inFlight.track(Promise.reject(new Error("store down"))).catch(() => {});
    expect(await inFlight.drain(60_000)).toBe(0);
  });
});

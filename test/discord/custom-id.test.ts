import { describe, expect, it } from "vitest";
import { decodeButton, encodeButton } from "../../src/discord/interactions/custom-id.ts";

describe("the custom_id codec", () => {
  it("round-trips every kind of button", () => {
    for (const action of [
      { kind: "ans", sessionId: "abc123def456", round: 3, choice: 2 },
      { kind: "next", sessionId: "abc123def456", round: 19 },
      { kind: "lb", period: "week", page: 4, ownerId: "123456789012345678" },
    ] as const) {
      expect(decodeButton(encodeButton(action))).toEqual(action);
    }
  });

  it("rejects forged, malformed and other-version ids", () => {
    for (const forged of [
      "",
      "v1",
      "v2:ans:abc:0:1",
      "v1:ans:abc:0",
      "v1:ans:abc:0:1:extra",
      "v1:ans:abc:-1:1",
      "v1:ans:abc:x:1",
      "v1:ans:a b:0:1",
      "v1:lb:forever:0:123",
      "v1:steal:abc:0",
      `v1:ans:${"a".repeat(41)}:0:1`,
    ]) {
      expect(decodeButton(forged), forged).toBeUndefined();
    }
  });

  it("stays within Discord's 100 characters", () => {
    const longest = encodeButton({ kind: "lb", period: "all-time", page: 999, ownerId: "9".repeat(20) });
    expect(longest.length).toBeLessThanOrEqual(100);
  });
});

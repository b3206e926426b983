import { describe, expect, it } from "vitest";
import {
  type ButtonAction,
  type CustomIdAction,
  decodeButton,
  decodeModal,
  encodeButton,
  encodeCustomId,
  type ModalAction,
} from "../../src/discord/interactions/custom-id.ts";

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

  it("encodes the longest value of every field within Discord's 100 characters, and reads it back", () => {
    // The decoder's limits: ids 40 characters, question ids 64, slugs 32, indexes 999.
    const id = "x".repeat(40);
    const questionId = "q".repeat(64);
    const buttons: ButtonAction[] = [
      { kind: "ans", sessionId: id, round: 999, choice: 999 },
      { kind: "next", sessionId: id, round: 999 },
      { kind: "lb", period: "all-time", page: 999, ownerId: id },
      { kind: "qedit" },
      { kind: "qok", questionId },
      { kind: "qno", questionId },
      { kind: "rep", questionId },
      { kind: "rkeep", reportId: id },
      { kind: "rdis", reportId: id },
      { kind: "asg", assignmentId: id },
      { kind: "rreset", token: id },
    ];
    const modals: ModalAction[] = [
      { kind: "mqadd", source: "s".repeat(32), difficulty: "medium", topic: "t".repeat(32) },
      { kind: "mqrej", questionId },
      { kind: "mrep", questionId },
    ];
    // The encoder throws past 100 characters, so encoding each one is the check.
    for (const action of buttons) expect(decodeButton(encodeButton(action)), action.kind).toEqual(action);
    for (const action of modals) expect(decodeModal(encodeCustomId(action)), action.kind).toEqual(action);
  });

  it("refuses to encode a custom_id Discord would reject (over 100 characters)", () => {
    // Only a value past the decoder's own limits can get there, hence the casts. "v1:qok:" is 7.
    const withId = (length: number) => ({ kind: "qok", questionId: "q".repeat(length) }) as CustomIdAction;
    expect(encodeCustomId(withId(93))).toHaveLength(100);
    expect(() => encodeCustomId(withId(94))).toThrow(/custom_id too long \(101\)/);
  });
});

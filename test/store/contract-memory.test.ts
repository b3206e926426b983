/**
 * The backend contract (contract/backend-contract.ts) on the in-memory backend, which the fast
 * tier's tests run on: it must keep every promise the stored backends keep (contract.test.ts).
 */
import { describe } from "vitest";
import { backendContract } from "./contract/backend-contract.ts";

// The in-memory store is its instance's own: no second instance shares it, and no connection can be lost.
describe("memory", () => backendContract({ name: "memory", url: "memory://", shared: false }));

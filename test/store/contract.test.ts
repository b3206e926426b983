/**
 * The backend contract (contract/backend-contract.ts) on the stored backends: SQLite always, Redis
 * and PostgreSQL when their servers answer (memory runs it in the unit tier: contract-memory.test.ts) (REQUIRE_STORE_SERVERS=1 makes a missing server
 * a failure instead of a skip: see test/helpers/backends.ts).
 */
import { describe } from "vitest";
import { testBackends } from "../helpers/backends.ts";
import { backendContract, type ContractSubject } from "./contract/backend-contract.ts";

const DEAD_URLS: Readonly<Record<string, string>> = {
  redis: "redis://127.0.0.1:1",
  postgres: "postgres://postgres@127.0.0.1:1/test",
};

for (const backend of (await testBackends()).filter((b) => b.name !== "memory")) {
  const subject: ContractSubject = {
    name: backend.name,
    url: backend.url,
    ...(backend.name === "postgres" ? { table: "keyv_test" } : {}),
    // Two Backend instances on one store: two processes on Redis and PostgreSQL, two connections
    // to one file on SQLite.
    shared: true,
    ...(DEAD_URLS[backend.name] ? { deadUrl: DEAD_URLS[backend.name] } : {}),
  };
  describe.skipIf(!backend.reachable)(backend.name, () => backendContract(subject));
}

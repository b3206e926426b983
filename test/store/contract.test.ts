/**
 * The backend contract (contract/backend-contract.ts) on every backend: memory and SQLite always,
 * Redis and PostgreSQL when their servers answer (REQUIRE_STORE_SERVERS=1 makes a missing server
 * a failure instead of a skip: see test/helpers/backends.ts).
 */
import { describe } from "vitest";
import { testBackends } from "../helpers/backends.ts";
import { backendContract, type ContractSubject } from "./contract/backend-contract.ts";

const DEAD_URLS: Readonly<Record<string, string>> = {
  redis: "redis://127.0.0.1:1",
  postgres: "postgres://postgres@127.0.0.1:1/test",
};

for (const backend of await testBackends()) {
  const subject: ContractSubject = {
    name: backend.name,
    url: backend.url,
    ...(backend.name === "postgres" ? { table: "keyv_test" } : {}),
    // Two Backend instances on one store: two processes on Redis and PostgreSQL, two connections
    // to one file on SQLite; the in-memory store is its instance's own.
    shared: backend.name !== "memory",
    ...(DEAD_URLS[backend.name] ? { deadUrl: DEAD_URLS[backend.name] } : {}),
  };
  describe.skipIf(!backend.reachable)(backend.name, () => backendContract(subject));
}

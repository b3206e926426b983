import { isStoreWriteFailure, StoreUnavailableError } from "../store/open.ts";

/**
 * What a store failure means for a member, so that the layers above the application never know
 * the store's error classes: "cannot-save" (the store answers but cannot write: a full disk, a
 * read-only file), "unavailable" (it did not answer in time), or undefined (not the store's).
 */
export function storeFailureOf(error: unknown): "cannot-save" | "unavailable" | undefined {
  if (isStoreWriteFailure(error)) return "cannot-save";
  if (error instanceof StoreUnavailableError) return "unavailable";
  return undefined;
}

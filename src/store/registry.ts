/**
 * Which backend each opened keyv belongs to. `open.ts` registers every keyv it opens (and every
 * keyv it wraps around an adapter), so the stores, given a keyv, reach its backend without asking
 * which one it is.
 */
import type Keyv from "keyv";
import type { Backend } from "./backend.ts";

const backends = new WeakMap<Keyv, Backend>();

/** Records the backend of a keyv (open.ts does, for every keyv it opens). */
export function registerBackend(backend: Backend): Backend {
  backends.set(backend.keyv, backend);
  return backend;
}

/** The backend a keyv was opened on; throws for a keyv that open.ts did not open. */
export function backendFor(keyv: Keyv): Backend {
  const backend = backends.get(keyv);
  if (!backend)
    throw new Error(
      "this keyv was not opened by src/store/open.ts (openKeyv, openBackend or keyvOver): its backend is unknown",
    );
  return backend;
}

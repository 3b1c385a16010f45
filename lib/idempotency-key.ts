/**
 * A key for an `Idempotency-Key` header, made once per deliberate action and sent again with each retry of
 * it. A module of its own: the pages that buy load it with their purchase code, not with their first load.
 */
export function newIdempotencyKey(): string {
  return typeof crypto.randomUUID === "function"
    ? crypto.randomUUID()
    : Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

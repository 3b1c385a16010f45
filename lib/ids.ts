const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a path or query value can be a row id; anything else is answered 404 before any query runs. */
export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}

/** A key for an `Idempotency-Key` header, made once per deliberate action and sent again with each retry of it. */
export function newIdempotencyKey(): string {
  return typeof crypto.randomUUID === "function"
    ? crypto.randomUUID()
    : Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a path or query value can be a row id; anything else is answered 404 before any query runs. */
export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}

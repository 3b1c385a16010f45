// What a timestamptz column or filter can hold as we send it: Postgres has no year 0, and an instant
// past 9999 prints as an extended year (+010000-…) it cannot parse. A four-digit year with an offset
// can still land outside (9999-12-31T23:59:59-14:00 is year 10000 in UTC), so the instant is checked.
const EARLIEST_INSTANT = new Date("0001-01-01T00:00:00.000Z").getTime();
const LATEST_INSTANT = new Date("9999-12-31T23:59:59.999Z").getTime();

/** Whether `date` falls between 0001-01-01 and 9999-12-31 in UTC. */
export function isStorableInstant(date: Date): boolean {
  return date.getTime() >= EARLIEST_INSTANT && date.getTime() <= LATEST_INSTANT;
}

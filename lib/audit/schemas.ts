import { z } from "zod";
import { isStorableInstant } from "@/lib/instants";
import { DEFAULT_TIME_ZONE, knownTimeZone } from "@/lib/time-zone";
import { listFormatQuery, pageQuery } from "@/lib/pagination-query";
import { AUDIT_ACTIONS, AUDIT_ENTITY_TYPES } from "./actions";

/**
 * A bound of the list: an instant (an ISO timestamp), or a whole day (YYYY-MM-DD: from its start, to its
 * end) of the list's `timeZone`, whose length the database knows (23 or 25 hours on a DST change).
 */
export type AuditBound = { at: Date } | { day: string };

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** A day the calendar has: JavaScript reads "2024-02-30" as 1 March, the database refuses it. */
function isCalendarDay(value: string): boolean {
  return new Date(`${value}T00:00:00.000Z`).toISOString().slice(0, 10) === value;
}
const dateBound = (bound: "from" | "to") =>
  z
    .string()
    .trim()
    // Four-digit years only: extended years (e.g. +275760) parse in JS but not in Postgres.
    .refine(
      (value) => /^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(Date.parse(value)) && (!DATE_ONLY.test(value) || isCalendarDay(value)),
      `${bound} must be a date (YYYY-MM-DD) or an ISO timestamp.`,
    )
    .refine(
      (value) => isStorableInstant(new Date(DATE_ONLY.test(value) ? `${value}T12:00:00.000Z` : value)),
      `${bound} must fall between 0001-01-01 and 9999-12-31.`,
    )
    .transform((value): AuditBound => (DATE_ONLY.test(value) ? { day: value } : { at: new Date(value) }))
    .optional();

export const auditListQuerySchema = z.object({
  action: z.string().trim().pipe(z.enum(AUDIT_ACTIONS, { error: "action must be one of the recorded audit actions." })).optional(),
  actorId: z.uuid("actorId must be a user id.").optional(),
  entityType: z
    .string()
    .trim()
    .pipe(z.enum(AUDIT_ENTITY_TYPES, { error: `entityType must be one of ${AUDIT_ENTITY_TYPES.join(", ")}.` }))
    .optional(),
  entityId: z.string().trim().min(1).max(200).optional(),
  from: dateBound("from"),
  to: dateBound("to"),
  /** Whose days `from` and `to` name (an IANA zone; UTC without it). */
  timeZone: z
    .string()
    .trim()
    .max(64, "timeZone must be at most 64 characters.")
    .transform((value, context) => {
      const known = knownTimeZone(value);
      if (!known) context.addIssue({ code: "custom", message: "timeZone must name a time zone, such as Europe/Berlin." });
      return known ?? DEFAULT_TIME_ZONE;
    })
    .optional(),
  ...pageQuery,
  ...listFormatQuery,
});

export type AuditListQuery = z.infer<typeof auditListQuerySchema>;

export type AuditEntryDto = {
  id: string;
  businessId: string;
  action: string;
  entityType: string;
  entityId: string | null;
  actorId: string | null;
  actorName: string | null;
  actorEmail: string | null;
  summary: Record<string, unknown>;
  requestId: string | null;
  createdAt: string;
};

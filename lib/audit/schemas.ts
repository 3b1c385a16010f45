import { z } from "zod";
import { isStorableInstant } from "@/lib/instants";
import { listFormatQuery, pageQuery } from "@/lib/pagination-query";
import { AUDIT_ACTIONS, AUDIT_ENTITY_TYPES } from "./actions";

// A date alone means the whole day (from: its start, to: its end) in UTC.
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const dateBound = (bound: "from" | "to") =>
  z
    .string()
    .trim()
    // Four-digit years only: extended years (e.g. +275760) parse in JS but not in Postgres.
    .refine(
      (value) => /^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(Date.parse(value)),
      `${bound} must be a date (YYYY-MM-DD) or an ISO timestamp.`,
    )
    .transform((value) => {
      if (!DATE_ONLY.test(value)) return new Date(value);
      const day = new Date(`${value}T00:00:00.000Z`);
      return bound === "from" ? day : new Date(day.getTime() + 86_400_000 - 1);
    })
    .refine(
      (date) => isStorableInstant(date),
      `${bound} must fall between 0001-01-01 and 9999-12-31 (UTC).`,
    )
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

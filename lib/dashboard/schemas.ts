import { z } from "zod";

/** GET /api/dashboard/stats?timeZone=Europe/Berlin: whose days the windows count (UTC when absent). */
export const dashboardQuerySchema = z.object({
  timeZone: z.string({ error: "Time zone must be text." }).max(64, "Time zone must be at most 64 characters.").optional(),
});

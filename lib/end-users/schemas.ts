import { z } from "zod";
import { userIdentifier } from "@/lib/chat/schemas";

/** POST /api/widget/sessions: who the visitor is, as the host page says (identify) or anonymously. */
export const visitorSessionSchema = z.object({
  userIdentifier: userIdentifier.optional(),
  userHash: z
    .string()
    .trim()
    .regex(/^[0-9a-fA-F]{64}$/, "userHash must be the hex HMAC-SHA256 of the identifier (64 hex digits).")
    .optional(),
  /** A random id the widget keeps in the visitor's browser, to know an anonymous visitor again. */
  anonymousId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,64}$/, "anonymousId must be 16–64 letters, digits, - or _.")
    .optional(),
});
export type VisitorSessionInput = z.infer<typeof visitorSessionSchema>;

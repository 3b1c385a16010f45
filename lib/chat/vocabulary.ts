/**
 * The chat's limits and words, for pages that show them without validating anything: no zod here, so
 * the chat's first load does not download the schema library (lib/chat/schemas.ts validates with them).
 */

export const MESSAGE_MAX_CHARS = 10_000;
export const CUSTOM_INSTRUCTIONS_MAX_CHARS = 2000;
export const SESSION_TITLE_MAX_CHARS = 200;
export const SESSION_SEARCH_MAX_CHARS = 200;
export const FEEDBACK_REASON_MAX_CHARS = 1000;

/** 👍 / 👎 on an assistant answer (checked against db/schema in lib/chat/schemas.ts). */
export const FEEDBACK_RATINGS = ["up", "down"] as const;
export type FeedbackRating = (typeof FEEDBACK_RATINGS)[number];

/** Who answers a conversation now; `closed`: an end user's conversation past its business's timeout. */
export const SESSION_STATUSES = ["assistant", "needs_person", "with_person", "closed"] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

/** The codes a turn that started streaming can end with, in its final `error` event. */
export const TURN_ERROR_CODES = ["upstream_error", "aborted", "internal_error"] as const;
export type TurnErrorCode = (typeof TURN_ERROR_CODES)[number];

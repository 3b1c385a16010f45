import { MODEL_ID_MAX_CHARS } from "@/lib/ai/model-ids";
import { BUSINESS_NAME_MAX } from "@/lib/auth/vocabulary";

/**
 * The business settings' limits and words, without zod: the settings page shows them before its
 * form's rules have loaded (lib/business/schemas.ts validates with them).
 */

/** Limits shared by the settings form and PATCH /api/business. */
export const BUSINESS_LIMITS = {
  name: BUSINESS_NAME_MAX,
  botName: 50,
  greeting: 1000,
  instructions: 4000,
  model: MODEL_ID_MAX_CHARS,
  messageCost: 1_000_000,
  initialCredits: 10_000_000,
  sessionTimeoutMinutes: { min: 1, max: 1440 },
  endUserDailyMessages: 100_000,
  /** Days a chat file is kept after its upload (the CHECK on businesses.file_retention_days). */
  fileRetentionDays: { min: 1, max: 3650 },
  /** An emoji (one grapheme, however many code units) or up to two letters. */
  botIcon: { graphemes: 2, codeUnits: 8 },
  /** The business's synonym groups for catalog search: how many, how large, how long a word or phrase. */
  synonyms: { groups: 200, members: 20, memberChars: 60 },
} as const;

/**
 * The least contrast the assistant's colour must have on the page background of both themes: it
 * marks the assistant and fills the widget's launcher, so it must stand out as a control does (WCAG 1.4.11).
 */
export const BOT_COLOR_MIN_CONTRAST = 3;

/** The settings form's text: one group per line, words or phrases separated by commas. */
export function synonymGroupsToText(groups: string[][]): string {
  return groups.map((group) => group.join(", ")).join("\n");
}

/** A storefront address's length (its characters are lowercase letters, digits and hyphens). */
export const SHOP_SLUG_LIMITS = { min: 3, max: 60 } as const;

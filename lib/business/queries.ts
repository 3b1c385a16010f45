import "server-only";
import { and, eq, isNull, or, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { businesses, type Business } from "@/db/schema";
import { env } from "@/lib/env";
import type { BusinessSettings } from "./schemas";

export async function getBusinessById(db: Database, input: { businessId: string }): Promise<Business | null> {
  const [row] = await db.select().from(businesses).where(eq(businesses.id, input.businessId)).limit(1);
  return row ?? null;
}

/** Locks the row so two admins saving at once produce two ordered audit entries with true "before" values. */
export async function getBusinessForUpdate(db: Database, input: { businessId: string }): Promise<Business | null> {
  const [row] = await db.select().from(businesses).where(eq(businesses.id, input.businessId)).for("update");
  return row ?? null;
}

/**
 * Locks the business row so changes to who is an active admin are serialised per business: the
 * "last active admin" check and the change it guards then see a stable set of admins.
 * `no key update` does not block inserts that merely reference the business.
 */
export async function lockBusiness(db: Database, input: { businessId: string }): Promise<void> {
  await db.select({ id: businesses.id }).from(businesses).where(eq(businesses.id, input.businessId)).for("no key update");
}

export async function updateBusinessRow(
  db: Database,
  input: { businessId: string; values: Partial<BusinessSettings> & { name?: string; slug?: string; shopListed?: boolean } },
): Promise<Business> {
  const [row] = await db.update(businesses).set(input.values).where(eq(businesses.id, input.businessId)).returning();
  return row!;
}

/** The key that signs end-user identifiers (userHash); null when there is no such business. */
export async function getIdentitySecret(db: Database, input: { businessId: string }): Promise<string | null> {
  const [row] = await db
    .select({ identitySecret: businesses.identitySecret })
    .from(businesses)
    .where(eq(businesses.id, input.businessId))
    .limit(1);
  return row?.identitySecret ?? null;
}

/** Whether the business exists (and now has this secret). */
export async function setIdentitySecret(db: Database, input: { businessId: string; secret: string }): Promise<boolean> {
  const rows = await db
    .update(businesses)
    .set({ identitySecret: input.secret })
    .where(eq(businesses.id, input.businessId))
    .returning({ id: businesses.id });
  return rows.length > 0;
}

/** Marks the dashboard's first-run checklist dismissed; false when it already was (or no such business). */
export async function dismissFirstRunChecklist(db: Database, input: { businessId: string }): Promise<boolean> {
  const rows = await db
    .update(businesses)
    .set({ firstRunChecklistDismissedAt: sql`now()` })
    .where(and(eq(businesses.id, input.businessId), isNull(businesses.firstRunChecklistDismissedAt)))
    .returning({ id: businesses.id });
  return rows.length > 0;
}

/** Inserts a business under `slug` unless the slug is taken; null when taken. */
export async function insertBusinessWithSlug(db: Database, input: { name: string; slug: string }) {
  const [row] = await db
    .insert(businesses)
    .values(input)
    .onConflictDoNothing({ target: businesses.slug })
    .returning({ id: businesses.id, name: businesses.name, initialCredits: businesses.initialCredits });
  return row ?? null;
}

/** Existing slugs equal to `base` or `base-<n>`, to pick the next free suffix. */
export async function slugsLike(db: Database, input: { base: string }): Promise<string[]> {
  const escaped = input.base.replace(/[\\%_]/g, (char) => `\\${char}`);
  const rows = await db
    .select({ slug: businesses.slug })
    .from(businesses)
    .where(or(eq(businesses.slug, input.base), sql`${businesses.slug} like ${`${escaped}-%`}`));
  return rows.map((row) => row.slug);
}

export type ChatSettings = {
  businessId: string;
  businessName: string;
  botName: string;
  greeting: string;
  instructions: string;
  model: string;
  messageCost: number;
  /** For end users' conversations: how long one lasts without a message, and each end user's daily messages. */
  sessionTimeoutMinutes: number;
  endUserDailyMessages: number;
};

/** What the assistant needs to know about its business for one turn; the cost is the effective one. */
export async function getChatSettings(db: Database, input: { businessId: string }): Promise<ChatSettings | null> {
  const row = await getStoredChatSettings(db, input);
  return row ? withEffectiveCost(row) : null;
}

/** The chat settings as stored, before the operator's minimum cost applies (what a cache may keep). */
export async function getStoredChatSettings(db: Database, input: { businessId: string }): Promise<ChatSettings | null> {
  const [row] = await db
    .select({
      businessId: businesses.id,
      businessName: businesses.name,
      botName: businesses.botName,
      greeting: businesses.greeting,
      instructions: businesses.instructions,
      model: businesses.model,
      messageCost: businesses.messageCost,
      sessionTimeoutMinutes: businesses.sessionTimeoutMinutes,
      endUserDailyMessages: businesses.endUserDailyMessages,
    })
    .from(businesses)
    .where(eq(businesses.id, input.businessId))
    .limit(1);
  return row ?? null;
}

export function withEffectiveCost(settings: ChatSettings): ChatSettings {
  return { ...settings, messageCost: effectiveMessageCost(settings.messageCost) };
}

/** What the widget and its visitors' identity checks need: the public bot settings and the identity policy. */
export async function getWidgetSettings(db: Database, input: { businessId: string }) {
  const [row] = await db
    .select({
      botName: businesses.botName,
      botColor: businesses.botColor,
      botIcon: businesses.botIcon,
      greeting: businesses.greeting,
      requireVerifiedIdentity: businesses.requireVerifiedIdentity,
      identitySecret: businesses.identitySecret,
      sessionTimeoutMinutes: businesses.sessionTimeoutMinutes,
    })
    .from(businesses)
    .where(eq(businesses.id, input.businessId))
    .limit(1);
  return row ?? null;
}

/**
 * What a message really costs: the business's price, never below the operator's minimum
 * (MIN_MESSAGE_COST), even for a business that set a lower one before the minimum was raised.
 */
export function effectiveMessageCost(stored: number): number {
  return Math.max(stored, env().MIN_MESSAGE_COST);
}

import "server-only";
import { getDb, type Database } from "@/db/client";
import { announceChange, getSharedCache, type SharedCache } from "@/lib/cache/shared";
import { getStoredChatSettings, withEffectiveCost, type ChatSettings } from "./queries";

// A bound on the staleness of what the "business" scope holds, should a change notification ever be
// lost; every change of a business's row announces itself.
export const BUSINESS_CACHE_TTL_MS = 5 * 60_000;

/**
 * The business's chat settings, read through the "business" scope of the shared cache: a chat turn
 * reads them on every message, and they change only when an admin saves the settings. The operator's
 * minimum cost applies to what is read, so a cached value never outlives a change of the minimum.
 */
export async function chatSettingsOf(businessId: string, cache: SharedCache = getSharedCache()): Promise<ChatSettings | null> {
  const stored = await cache.get("business", businessId, "chat-settings", BUSINESS_CACHE_TTL_MS, () => getStoredChatSettings(getDb(), { businessId }));
  return stored ? withEffectiveCost(stored) : null;
}

/** Called in every transaction that changes a business's row: each instance forgets what it cached of it on commit. */
export function announceBusinessChange(db: Database, businessId: string): Promise<void> {
  return announceChange(db, "business", businessId);
}

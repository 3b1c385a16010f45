import "server-only";
import { getDb } from "@/db/client";
import { apiKeyKindOf, hashApiKey, isLiveApiKey } from "@/lib/api-keys/keys";
import { findApiKeyByHash } from "@/lib/api-keys/queries";
import { WEB_ORIGIN_PATTERN } from "@/lib/api-keys/vocabulary";
import { getWidgetSettings } from "@/lib/business/queries";
import type { LauncherLook } from "./protocol";

/** A publishable key that may open the widget now, and the pages allowed to frame it. */
export type EmbeddableKey = { apiKeyId: string; businessId: string; allowedOrigins: string[] };

/** The publishable key `key` names, unless it is unknown, not publishable, revoked, expired or without the chat scope. */
export async function getEmbeddableKey(input: { key: string; now?: Date }): Promise<EmbeddableKey | null> {
  if (apiKeyKindOf(input.key) !== "publishable") return null;
  const row = await findApiKeyByHash(getDb(), { keyHash: hashApiKey(input.key) });
  // Without the chat scope the key could not start a visitor's chat, so there is nothing to embed.
  if (!row || row.kind !== "publishable" || !isLiveApiKey(row, input.now) || !row.scopes.includes("chat")) return null;
  // Checked when they were saved, and again here because they are written into a response header.
  const allowedOrigins = row.allowedOrigins.filter((origin) => WEB_ORIGIN_PATTERN.test(origin));
  if (allowedOrigins.length === 0) return null;
  return { apiKeyId: row.id, businessId: row.businessId, allowedOrigins };
}

/**
 * The `frame-ancestors` sources for a request path under /embed/: the key's allowed origins, or
 * `'none'` for a key that may not be embedded (and when the lookup itself fails: refuse, not allow).
 */
export async function embedFrameAncestors(pathname: string): Promise<string> {
  const key = pathname.split("/")[2] ?? "";
  try {
    const embeddable = await getEmbeddableKey({ key });
    return embeddable ? embeddable.allowedOrigins.join(" ") : "'none'";
  } catch {
    return "'none'";
  }
}

export type EmbedPage = { allowedOrigins: string[]; look: LauncherLook; greeting: string };

/** What /embed/<key> renders: null when the key may not open the widget. */
export async function getEmbedPage(input: { key: string }): Promise<EmbedPage | null> {
  const embeddable = await getEmbeddableKey(input);
  if (!embeddable) return null;
  const settings = await getWidgetSettings(getDb(), { businessId: embeddable.businessId });
  if (!settings) return null;
  return {
    allowedOrigins: embeddable.allowedOrigins,
    look: { botName: settings.botName, botColor: settings.botColor, botIcon: settings.botIcon },
    greeting: settings.greeting,
  };
}

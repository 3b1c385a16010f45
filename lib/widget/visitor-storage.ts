import type { VisitorIdentity } from "./protocol";

/**
 * What the widget iframe remembers between page views, in its own origin's localStorage (which a
 * browser partitions per embedding site): the anonymous visitor's random id and the conversation
 * to continue, per publishable key. Storage can be unavailable (blocked third-party storage,
 * private modes); then the widget still works and just forgets. Browser-safe.
 */

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

function read(name: string): string | null {
  try {
    return storage()?.getItem(name) ?? null;
  } catch {
    return null;
  }
}

function write(name: string, value: string | null): void {
  try {
    if (value === null) storage()?.removeItem(name);
    else storage()?.setItem(name, value);
  } catch {
    // Full or refused: remembering is a convenience.
  }
}

const ANONYMOUS_ID = /^[A-Za-z0-9_-]{16,64}$/;

function randomId(): string {
  const bytes = new Uint8Array(24);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

// Ids made on this page, for when storage keeps nothing: every visitor token the page mints (a renewal
// after one expired, the live stream's) must still name the same visitor, whose conversation it is.
const madeOnThisPage = new Map<string, string>();

/** This browser's anonymous id for the key: made once, then reused so the visitor is recognised. */
export function anonymousIdFor(publishableKey: string): string {
  const name = `product-assistant:${publishableKey}:anonymous-id`;
  const stored = read(name);
  if (stored && ANONYMOUS_ID.test(stored)) return stored;
  const created = madeOnThisPage.get(name) ?? randomId();
  madeOnThisPage.set(name, created);
  write(name, created);
  return created;
}

// A visitor named with the business's signature and one named without are different end users (docs/security.md),
// each with conversations of their own.
function sessionSlot(publishableKey: string, identity: VisitorIdentity | null): string {
  const visitor = identity ? `${identity.userHash ? "verified-user" : "user"}:${identity.userIdentifier}` : "anonymous";
  return `product-assistant:${publishableKey}:session:${visitor}`;
}

/** The conversation this visitor had open with this key, to continue it on the next page. */
export function rememberedSession(publishableKey: string, identity: VisitorIdentity | null): string | null {
  return read(sessionSlot(publishableKey, identity));
}

export function rememberSession(publishableKey: string, identity: VisitorIdentity | null, sessionId: string | null): void {
  write(sessionSlot(publishableKey, identity), sessionId);
}

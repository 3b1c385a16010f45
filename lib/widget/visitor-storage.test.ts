import { afterEach, describe, expect, it, vi } from "vitest";
import { anonymousIdFor, rememberedSession, rememberSession } from "./visitor-storage";

const KEY = `pk_${"s".repeat(43)}`;

/** A window whose localStorage throws on every use, as a browser blocking third-party storage does. */
function blockedStorage() {
  vi.stubGlobal("window", {
    get localStorage(): Storage {
      throw new DOMException("The operation is insecure.", "SecurityError");
    },
  });
}

function workingStorage() {
  const items = new Map<string, string>();
  const storage = {
    getItem: (name: string) => items.get(name) ?? null,
    setItem: (name: string, value: string) => void items.set(name, value),
    removeItem: (name: string) => void items.delete(name),
  };
  vi.stubGlobal("window", { localStorage: storage });
  return items;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("what the widget remembers of a visitor", () => {
  it("with storage blocked, the anonymous id stays the same for the page's life, so a renewed token names the same visitor", () => {
    blockedStorage();
    const first = anonymousIdFor(`${KEY.slice(0, -1)}a`);
    expect(first).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    expect(anonymousIdFor(`${KEY.slice(0, -1)}a`)).toBe(first);
    // Another key is another visitor.
    expect(anonymousIdFor(`${KEY.slice(0, -1)}b`)).not.toBe(first);
    // Nothing to remember a conversation by: the widget just forgets it.
    rememberSession(KEY, null, "session-1");
    expect(rememberedSession(KEY, null)).toBeNull();
  });

  it("with storage, the id is kept there (and one the page stored wins), and each identity has its own conversation slot", () => {
    const items = workingStorage();
    const id = anonymousIdFor(`${KEY.slice(0, -1)}c`);
    expect(items.get(`product-assistant:${KEY.slice(0, -1)}c:anonymous-id`)).toBe(id);
    items.set(`product-assistant:${KEY.slice(0, -1)}c:anonymous-id`, "stored-by-an-earlier-page");
    expect(anonymousIdFor(`${KEY.slice(0, -1)}c`)).toBe("stored-by-an-earlier-page");

    rememberSession(KEY, { userIdentifier: "ann" }, "ann-session");
    expect(rememberedSession(KEY, { userIdentifier: "ann" })).toBe("ann-session");
    expect(rememberedSession(KEY, { userIdentifier: "bob" })).toBeNull();
    expect(rememberedSession(KEY, null)).toBeNull();
    // Ann named with the business's signature is another end user than Ann named without it.
    const userHash = "a".repeat(64);
    expect(rememberedSession(KEY, { userIdentifier: "ann", userHash })).toBeNull();
    rememberSession(KEY, { userIdentifier: "ann", userHash }, "verified-ann-session");
    expect(rememberedSession(KEY, { userIdentifier: "ann", userHash })).toBe("verified-ann-session");
    expect(rememberedSession(KEY, { userIdentifier: "ann" })).toBe("ann-session");
  });
});

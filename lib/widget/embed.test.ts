import { describe, expect, it } from "vitest";
import { createApiKey, createBusiness } from "@/test/factories";
import { embedFrameAncestors, getEmbedPage, getEmbeddableKey } from "./embed";

describe("which publishable keys open the widget", () => {
  it("a live publishable key with the chat scope: its business's look and its allowed origins", async () => {
    const business = await createBusiness({ botName: "Ollie", botColor: "#0f766e", botIcon: "🛋️", greeting: "Hello from the shop!" });
    const origins = ["https://shop.example.com", "http://localhost:3000"];
    const { key, apiKey } = await createApiKey({ businessId: business.id, kind: "publishable", scopes: ["chat"], allowedOrigins: origins });

    expect(await getEmbeddableKey({ key })).toEqual({ apiKeyId: apiKey.id, businessId: business.id, allowedOrigins: origins });
    const page = await getEmbedPage({ key });
    expect(page).toEqual({
      allowedOrigins: origins,
      look: { botName: "Ollie", botColor: "#0f766e", botIcon: "🛋️" },
      greeting: "Hello from the shop!",
    });
    // Nothing of the business's policy or secrets reaches the iframe's props.
    expect(JSON.stringify(page)).not.toContain(business.identitySecret);
  });

  it("none for a revoked, expired, secret, chat-less, unknown or malformed key", async () => {
    const business = await createBusiness();
    const past = new Date(Date.now() - 60_000);
    const keys = [
      (await createApiKey({ businessId: business.id, kind: "publishable", revokedAt: past })).key,
      (await createApiKey({ businessId: business.id, kind: "publishable", expiresAt: past })).key,
      (await createApiKey({ businessId: business.id, kind: "publishable", scopes: ["stats"] })).key,
      (await createApiKey({ businessId: business.id, kind: "secret" })).key,
      `pk_${"A".repeat(43)}`,
      "pk_short",
      "",
    ];
    for (const key of keys) {
      expect(await getEmbeddableKey({ key }), key).toBeNull();
      expect(await getEmbedPage({ key }), key).toBeNull();
    }
  });

  it("a key that expires later is embeddable until then", async () => {
    const business = await createBusiness();
    const expiresAt = new Date(Date.now() + 60 * 60_000);
    const { key } = await createApiKey({ businessId: business.id, kind: "publishable", expiresAt });
    expect(await getEmbeddableKey({ key })).not.toBeNull();
    expect(await getEmbeddableKey({ key, now: new Date(expiresAt.getTime() + 1) })).toBeNull();
  });

  it("frame-ancestors: the key's origins for /embed/<key> and its sub-paths, 'none' otherwise", async () => {
    const business = await createBusiness();
    const { key } = await createApiKey({ businessId: business.id, kind: "publishable", allowedOrigins: ["https://a.example", "http://127.0.0.1:4000"] });
    const revoked = (await createApiKey({ businessId: business.id, kind: "publishable", revokedAt: new Date() })).key;
    expect(await embedFrameAncestors(`/embed/${key}`)).toBe("https://a.example http://127.0.0.1:4000");
    expect(await embedFrameAncestors(`/embed/${key}/anything`)).toBe("https://a.example http://127.0.0.1:4000");
    expect(await embedFrameAncestors(`/embed/${revoked}`)).toBe("'none'");
    expect(await embedFrameAncestors("/embed/")).toBe("'none'");
    expect(await embedFrameAncestors("/embed/%3Bscript-src%20*")).toBe("'none'");
  });

  it("an origin that could break out of the header is never written into it", async () => {
    const business = await createBusiness();
    const { key } = await createApiKey({
      businessId: business.id,
      kind: "publishable",
      allowedOrigins: ["https://ok.example", "https://x.example; script-src *", "https://y.example/path", "*"],
    });
    expect(await embedFrameAncestors(`/embed/${key}`)).toBe("https://ok.example");
  });
});

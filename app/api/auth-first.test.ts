import { randomUUID } from "node:crypto";
import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { callRoute } from "@/test/http";

// Validation details are never shown to a caller who has not authenticated: on every route that
// needs a signed-in caller, an anonymous request with a malformed body and query is a bare 401.

const apiDir = path.resolve(import.meta.dirname);

/** Routes anyone may call: their validation errors are theirs to see. */
const PUBLIC = new Set([
  "GET products",
  "GET products/[id]",
  "GET products/limits",
  // An approved product's live images are public; every other image is a 404 to anyone who may not see it.
  "GET products/[id]/images/[imageId]/[width]",
  "GET health",
  "GET shops",
  "GET shops/[slug]",
  "GET shops/[slug]/products",
  "GET shops/[slug]/products/[product]",
  "POST auth/login",
  "POST auth/register",
  "POST auth/refresh",
  "POST auth/logout",
  "POST auth/password/forgot",
  "POST auth/password/reset",
  // Anyone holding an email-change link confirms it (the link is what proves the new mailbox).
  "POST auth/email/confirm",
  // Anyone holding an invite code may read what it is for (the sign-up page).
  "POST invites/describe",
  "GET auth/[...nextauth]",
  "POST auth/[...nextauth]",
  "GET auth/mint-token",
]);

function routeDirs(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeDirs(full);
    return entry.name === "route.ts" ? [path.relative(apiDir, dir).split(path.sep).join("/")] : [];
  });
}

const JUNK_QUERY = "?page=abc&pageSize=-5&sessionId=nope&userId=nope&status=zzz&from=0000-01-01&before=x";
const JUNK_BODY = { message: "", title: 42, quantity: -1, productId: "nope", role: "emperor", amount: "lots" };

type Handler = Parameters<typeof callRoute>[0];

describe("authentication comes before validation", () => {
  const routes = routeDirs(apiDir).filter((dir) => dir !== "[...path]");

  it.each(routes)("/api/%s", async (dir) => {
    const routeModule = (await import(/* @vite-ignore */ path.join(apiDir, dir, "route.ts"))) as Record<string, Handler>;
    const options = await callRoute(routeModule.OPTIONS!, { method: "OPTIONS" });
    const served = (options.headers.get("allow") ?? "")
      .split(",")
      .map((method) => method.trim())
      .filter((method) => method && method !== "HEAD" && method !== "OPTIONS");
    expect(served.length).toBeGreaterThan(0);
    for (const method of served) {
      const response = await callRoute(routeModule[method]!, {
        method,
        path: `/api/${dir}${JUNK_QUERY}`,
        body: method === "GET" || method === "DELETE" ? undefined : JUNK_BODY,
        params: { id: randomUUID(), nextauth: ["session"] },
      });
      expect(response.status, `${method} /api/${dir}`).toBeLessThan(500);
      if (PUBLIC.has(`${method} ${dir}`)) continue;
      expect({ route: `${method} /api/${dir}`, status: response.status, fields: response.body?.fields }).toEqual({
        route: `${method} /api/${dir}`,
        status: 401,
        fields: undefined,
      });
    }
  });
});

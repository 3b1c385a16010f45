import { createHash } from "node:crypto";
import { and, asc, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { apiKeys, auditLog } from "@/db/schema";
import { generateApiKey } from "@/lib/api-keys/keys";
import { createTeam } from "@/test/factories";
import { rowsOf } from "@/test/catalog";
import { callRoute, tokenFor } from "@/test/http";
import { DELETE, PATCH } from "./[id]/route";
import { GET, POST } from "./route";

type Team = Awaited<ReturnType<typeof createTeam>>;

const DTO_KEYS = ["allowedOrigins", "createdAt", "expiresAt", "id", "kind", "lastUsedAt", "name", "prefix", "revokedAt", "scopes"];
const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");
const inAnHour = () => new Date(Date.now() + 60 * 60 * 1000).toISOString();

const auditOf = (businessId: string) =>
  getDb()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.businessId, businessId), eq(auditLog.entityType, "api_key")))
    .orderBy(asc(auditLog.createdAt), asc(auditLog.id));

/** Every column of the key's row, as the database holds it. */
async function storedRow(id: string): Promise<Record<string, unknown>> {
  const [row] = rowsOf<{ row: Record<string, unknown> | string }>(
    await getDb().execute(sql`select row_to_json(k) as row from api_keys k where k.id = ${id}`),
  );
  return typeof row!.row === "string" ? JSON.parse(row!.row) : row!.row;
}

/** Inserts keys straight into the table (the route's own path is tested below), for the limit. */
async function insertKeys(businessId: string, count: number) {
  await getDb()
    .insert(apiKeys)
    .values(
      Array.from({ length: count }, (_, index) => {
        const { prefix, keyHash } = generateApiKey("secret");
        return { businessId, name: `Bulk ${index}`, kind: "secret" as const, prefix, keyHash, scopes: ["chat" as const] };
      }),
    );
}

describe("API keys", () => {
  let team: Team;
  let other: Team;

  beforeAll(async () => {
    [team, other] = await Promise.all([createTeam(), createTeam()]);
  });

  it("shows a new key once, stores only its hash and prefix, and never shows it again through list, rename or revoke", async () => {
    const token = await tokenFor(team.admin);
    const created = await callRoute(POST, { token, body: { name: "  Checkout server ", kind: "secret" } });
    expect(created.status).toBe(201);
    expect(created.headers.get("cache-control")).toBe("no-store");
    const { apiKey, key } = created.body;
    expect(Object.keys(created.body).sort()).toEqual(["apiKey", "key"]);
    expect(Object.keys(apiKey).sort()).toEqual(DTO_KEYS);
    expect(key).toMatch(/^sk_[A-Za-z0-9_-]{43}$/);
    expect(apiKey).toMatchObject({
      name: "Checkout server",
      kind: "secret",
      prefix: key.slice(0, 11),
      scopes: ["chat"],
      allowedOrigins: [],
      lastUsedAt: null,
      expiresAt: null,
      revokedAt: null,
    });
    expect(created.headers.get("location")).toBe(`/api/api-keys/${apiKey.id}`);

    // The table holds the SHA-256 of the key and its display prefix; no column holds the key.
    const row = await storedRow(apiKey.id);
    expect(row.key_hash).toBe(sha256(key));
    expect(row.prefix).toBe(key.slice(0, 11));
    for (const [column, value] of Object.entries(row)) {
      expect(JSON.stringify(value), column).not.toContain(key);
      expect(JSON.stringify(value), column).not.toContain(key.slice(11));
    }

    const listed = await callRoute(GET, { token });
    expect(listed.status).toBe(200);
    expect(listed.body.results.map((item: { id: string }) => item.id)).toContain(apiKey.id);
    const renamed = await callRoute(PATCH, { method: "PATCH", token, params: { id: apiKey.id }, body: { name: "Checkout (prod)" } });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toEqual({ apiKey: { ...apiKey, name: "Checkout (prod)" } });
    const revoked = await callRoute(DELETE, { method: "DELETE", token, params: { id: apiKey.id } });
    expect(revoked.status).toBe(200);
    const relisted = await callRoute(GET, { token });
    for (const response of [listed, renamed, revoked, relisted]) {
      expect(response.text).not.toContain(key.slice(3));
      expect(response.text).not.toContain(sha256(key));
      expect(response.text).not.toMatch(/keyHash|key_hash|"key"/);
    }
    const auditText = JSON.stringify(await auditOf(team.business.id));
    expect(auditText).not.toContain(key.slice(3));
    expect(auditText).not.toContain(sha256(key));
  });

  it("creates a publishable key for exact origins, lists keys newest first with revoked ones marked, and pages", async () => {
    const business = await createTeam();
    const token = await tokenFor(business.admin);
    const expiresAt = inAnHour();
    const publishable = await callRoute(POST, {
      token,
      body: {
        name: "Shop widget",
        kind: "publishable",
        allowedOrigins: ["https://shop.example.com", "http://localhost:3000", "http://[::1]:8080"],
        expiresAt,
      },
    });
    expect(publishable.status).toBe(201);
    expect(publishable.body.key).toMatch(/^pk_[A-Za-z0-9_-]{43}$/);
    expect(publishable.body.apiKey).toMatchObject({
      kind: "publishable",
      prefix: publishable.body.key.slice(0, 11),
      scopes: ["chat"],
      allowedOrigins: ["https://shop.example.com", "http://localhost:3000", "http://[::1]:8080"],
      expiresAt,
    });
    const secret = await callRoute(POST, { token, body: { name: "Reports", kind: "secret", scopes: ["stats", "chat"], expiresAt: null } });
    expect(secret.status).toBe(201);
    expect(secret.body.apiKey).toMatchObject({ scopes: ["stats", "chat"], expiresAt: null });
    expect((await callRoute(DELETE, { method: "DELETE", token, params: { id: publishable.body.apiKey.id } })).status).toBe(200);

    const list = await callRoute(GET, { token, path: "/api/api-keys" });
    expect(list.status).toBe(200);
    expect(list.body.count).toBe(2);
    expect(list.body.results.map((item: { id: string }) => item.id)).toEqual([secret.body.apiKey.id, publishable.body.apiKey.id]);
    expect(list.body.results[1].revokedAt).not.toBeNull();
    for (const item of list.body.results) expect(Object.keys(item).sort()).toEqual(DTO_KEYS);

    const first = await callRoute(GET, { token, path: "/api/api-keys?pageSize=1" });
    expect(first.body).toMatchObject({ count: 2, previous: null });
    expect(first.body.results.map((item: { id: string }) => item.id)).toEqual([secret.body.apiKey.id]);
    const second = await callRoute(GET, { token, path: new URL(first.body.next).pathname + new URL(first.body.next).search });
    expect(second.body.results.map((item: { id: string }) => item.id)).toEqual([publishable.body.apiKey.id]);
    expect(second.body.next).toBeNull();
    expect((await callRoute(GET, { token, path: "/api/api-keys?page=0" })).status).toBe(400);
  });

  it("changes names, scopes and a publishable key's origins, audited with before and after; a revoked key cannot change", async () => {
    const business = await createTeam();
    const token = await tokenFor(business.admin);
    const widget = (
      await callRoute(POST, { token, body: { name: "Widget", kind: "publishable", allowedOrigins: ["https://a.example.com"] } })
    ).body.apiKey;
    const server = (await callRoute(POST, { token, body: { name: "Server", kind: "secret" } })).body.apiKey;

    const origins = await callRoute(PATCH, {
      method: "PATCH",
      token,
      params: { id: widget.id },
      body: { allowedOrigins: ["https://a.example.com", "https://b.example.com:8443"] },
    });
    expect(origins.status).toBe(200);
    expect(origins.body.apiKey.allowedOrigins).toEqual(["https://a.example.com", "https://b.example.com:8443"]);
    const scopes = await callRoute(PATCH, { method: "PATCH", token, params: { id: server.id }, body: { scopes: ["chat", "stats"], name: "Server 2" } });
    expect(scopes.status).toBe(200);
    expect(scopes.body.apiKey).toMatchObject({ name: "Server 2", scopes: ["chat", "stats"] });

    // Changes a key's kind does not allow.
    const secretOrigins = await callRoute(PATCH, { method: "PATCH", token, params: { id: server.id }, body: { allowedOrigins: ["https://a.example.com"] } });
    expect(secretOrigins.status).toBe(400);
    expect(Object.keys(secretOrigins.body.fields)).toEqual(["allowedOrigins"]);
    const noOrigins = await callRoute(PATCH, { method: "PATCH", token, params: { id: widget.id }, body: { allowedOrigins: [] } });
    expect(noOrigins.status).toBe(400);
    expect(Object.keys(noOrigins.body.fields)).toEqual(["allowedOrigins"]);
    const publicStats = await callRoute(PATCH, { method: "PATCH", token, params: { id: widget.id }, body: { scopes: ["stats"] } });
    expect(publicStats.status).toBe(400);
    expect(Object.keys(publicStats.body.fields)).toEqual(["scopes"]);
    const empty = await callRoute(PATCH, { method: "PATCH", token, params: { id: widget.id }, body: {} });
    expect(empty.status).toBe(400);
    expect(Object.keys(empty.body.fields)).toEqual(["_"]);

    // The same values again change nothing and record nothing.
    const same = await callRoute(PATCH, { method: "PATCH", token, params: { id: server.id }, body: { name: "Server 2" } });
    expect(same.status).toBe(200);

    const revoked = await callRoute(DELETE, { method: "DELETE", token, params: { id: server.id } });
    expect(revoked.status).toBe(200);
    expect(revoked.body.apiKey).toMatchObject({ id: server.id, name: "Server 2" });
    expect(Date.parse(revoked.body.apiKey.revokedAt)).not.toBeNaN();
    const again = await callRoute(DELETE, { method: "DELETE", token, params: { id: server.id } });
    expect(again.status).toBe(200);
    expect(again.body.apiKey.revokedAt).toBe(revoked.body.apiKey.revokedAt);
    const afterRevoke = await callRoute(PATCH, { method: "PATCH", token, params: { id: server.id }, body: { name: "Back" } });
    expect(afterRevoke.status).toBe(409);
    expect(afterRevoke.body.error).toBe("conflict");

    const entries = await auditOf(business.business.id);
    expect(entries.map((entry) => [entry.action, entry.entityId])).toEqual([
      ["api_key.create", widget.id],
      ["api_key.create", server.id],
      ["api_key.update", widget.id],
      ["api_key.update", server.id],
      ["api_key.revoke", server.id],
    ]);
    expect(entries.every((entry) => entry.actorId === business.admin.id)).toBe(true);
    expect(entries[0]!.summary).toEqual({
      name: "Widget",
      kind: "publishable",
      prefix: widget.prefix,
      scopes: ["chat"],
      allowedOrigins: ["https://a.example.com"],
      expiresAt: null,
    });
    expect(entries[2]!.summary).toEqual({
      name: "Widget",
      before: { allowedOrigins: ["https://a.example.com"] },
      after: { allowedOrigins: ["https://a.example.com", "https://b.example.com:8443"] },
    });
    expect(entries[3]!.summary).toEqual({ name: "Server", before: { name: "Server", scopes: ["chat"] }, after: { name: "Server 2", scopes: ["chat", "stats"] } });
    expect(entries[4]!.summary).toEqual({ name: "Server 2", kind: "secret", prefix: server.prefix, scopes: ["chat", "stats"] });
    expect(entries[4]!.requestId).toBe(revoked.headers.get("x-request-id"));
  });

  it("refuses invalid keys with 400 and the offending fields, creating nothing", async () => {
    const business = await createTeam();
    const token = await tokenFor(business.admin);
    const pk = (allowedOrigins: unknown) => ({ name: "Widget", kind: "publishable", allowedOrigins });
    const cases: [unknown, string[]][] = [
      [pk(["https://shop.example.com/path"]), ["allowedOrigins.0"]],
      [pk(["https://shop.example.com/"]), ["allowedOrigins.0"]],
      [pk(["https://shop.example.com?x=1"]), ["allowedOrigins.0"]],
      [pk(["https://shop.example.com#top"]), ["allowedOrigins.0"]],
      [pk(["https://user:pass@shop.example.com"]), ["allowedOrigins.0"]],
      [pk(["https://user@shop.example.com"]), ["allowedOrigins.0"]],
      [pk(["https://*.example.com"]), ["allowedOrigins.0"]],
      [pk(["*"]), ["allowedOrigins.0"]],
      [pk(["ftp://shop.example.com"]), ["allowedOrigins.0"]],
      [pk(["file:///etc/passwd"]), ["allowedOrigins.0"]],
      [pk(["javascript:alert(1)"]), ["allowedOrigins.0"]],
      [pk(["shop.example.com"]), ["allowedOrigins.0"]],
      [pk(["https://Shop.Example.com"]), ["allowedOrigins.0"]],
      [pk(["https://shop.example.com:443"]), ["allowedOrigins.0"]],
      // Origins the URL parser keeps but a frame-ancestors policy cannot name: the widget would never open there.
      [pk(["https://my_shop.example.com"]), ["allowedOrigins.0"]],
      [pk(["https://shop.example.com;script-src"]), ["allowedOrigins.0"]],
      [pk(["https://a,b.example.com"]), ["allowedOrigins.0"]],
      [pk([" https://shop.example.com"]), ["allowedOrigins.0"]],
      [pk(["https://ok.example.com", "http://"]), ["allowedOrigins.1"]],
      [pk(["https://a.example.com", "https://a.example.com"]), ["allowedOrigins"]],
      [pk(Array.from({ length: 21 }, (_, index) => `https://s${index}.example.com`)), ["allowedOrigins"]],
      [pk([]), ["allowedOrigins"]],
      [pk("https://shop.example.com"), ["allowedOrigins"]],
      [{ name: "Widget", kind: "publishable" }, ["allowedOrigins"]],
      [{ name: "Server", kind: "secret", allowedOrigins: ["https://shop.example.com"] }, ["allowedOrigins"]],
      [{ name: "Widget", kind: "publishable", allowedOrigins: ["https://a.example.com"], scopes: ["chat", "stats"] }, ["scopes"]],
      [{ name: "Server", kind: "secret", expiresAt: "2001-01-01T00:00:00Z" }, ["expiresAt"]],
      [{ name: "Server", kind: "secret", expiresAt: new Date(Date.now() - 1000).toISOString() }, ["expiresAt"]],
      [{ name: "Server", kind: "secret", expiresAt: "tomorrow" }, ["expiresAt"]],
      [{ name: "Server", kind: "secret", expiresAt: "2099-01-01" }, ["expiresAt"]],
      // Year 10000 in UTC, which Postgres cannot read back as sent (a fuzz find).
      [{ name: "Server", kind: "secret", expiresAt: "9999-12-31T23:59:59-14:00" }, ["expiresAt"]],
      [{ name: "Server", kind: "secret", scopes: ["admin"] }, ["scopes.0"]],
      [{ name: "Server", kind: "secret", scopes: [] }, ["scopes"]],
      [{ name: "Server", kind: "secret", scopes: ["chat", "chat"] }, ["scopes"]],
      [{ name: "Server", kind: "secret", scopes: "chat" }, ["scopes"]],
      [{ name: "   ", kind: "secret" }, ["name"]],
      [{ name: "x".repeat(101), kind: "secret" }, ["name"]],
      [{ kind: "secret" }, ["name"]],
      [{ name: "Server", kind: "admin" }, ["kind"]],
      [{ name: "Server" }, ["kind"]],
      [{ name: "Server", kind: "secret", keyHash: "0".repeat(64) }, ["_"]],
      [{ name: "", kind: "publishable", allowedOrigins: ["https://a.example.com/"] }, ["name", "allowedOrigins.0"]],
    ];
    for (const [body, fields] of cases) {
      const response = await callRoute(POST, { token, body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error).toBe("invalid_request");
      expect(Object.keys(response.body.fields).sort(), JSON.stringify(body)).toEqual([...fields].sort());
    }
    const trailing = await callRoute(POST, { token, body: pk(["https://shop.example.com/"]) });
    expect(trailing.body.fields["allowedOrigins.0"][0]).toContain("use https://shop.example.com");

    const key = (await callRoute(POST, { token, body: { name: "Server", kind: "secret" } })).body.apiKey;
    const patchCases: [unknown, string[]][] = [
      [{ name: "" }, ["name"]],
      [{ scopes: ["everything"] }, ["scopes.0"]],
      [{ allowedOrigins: ["https://shop.example.com/"] }, ["allowedOrigins.0"]],
      [{ kind: "publishable" }, ["_"]],
      [{ expiresAt: inAnHour() }, ["_"]],
    ];
    for (const [body, fields] of patchCases) {
      const response = await callRoute(PATCH, { method: "PATCH", token, params: { id: key.id }, body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(Object.keys(response.body.fields).sort(), JSON.stringify(body)).toEqual([...fields].sort());
    }
    expect((await getDb().select().from(apiKeys).where(eq(apiKeys.businessId, business.business.id))).map((row) => row.name)).toEqual(["Server"]);
  });

  it("is for admins only: editors, approvers and viewers get 403 for every method, signed-out callers 401", async () => {
    const key = (await callRoute(POST, { token: await tokenFor(team.admin), body: { name: "Admin's", kind: "secret" } })).body.apiKey;
    for (const user of [team.editor, team.approver, team.viewer]) {
      const token = await tokenFor(user);
      const answers = [
        await callRoute(GET, { token }),
        await callRoute(POST, { token, body: { name: "Mine", kind: "secret" } }),
        await callRoute(PATCH, { method: "PATCH", token, params: { id: key.id }, body: { name: "Mine" } }),
        await callRoute(DELETE, { method: "DELETE", token, params: { id: key.id } }),
      ];
      for (const answer of answers) {
        expect(answer.status, user.role).toBe(403);
        expect(answer.body.error).toBe("forbidden");
      }
    }
    const anonymous = [
      await callRoute(GET, {}),
      await callRoute(POST, { body: { name: "Mine", kind: "secret" } }),
      await callRoute(PATCH, { method: "PATCH", params: { id: key.id }, body: { name: "Mine" } }),
      await callRoute(DELETE, { method: "DELETE", params: { id: key.id } }),
    ];
    for (const answer of anonymous) expect(answer.status).toBe(401);
    const [row] = await getDb().select().from(apiKeys).where(eq(apiKeys.id, key.id));
    expect(row).toMatchObject({ name: "Admin's", revokedAt: null });
  });

  it("answers another business's key, and an id that is no UUID, with 404, and lists only the caller's keys", async () => {
    const mine = (await callRoute(POST, { token: await tokenFor(team.admin), body: { name: "Team key", kind: "secret" } })).body.apiKey;
    const token = await tokenFor(other.admin);
    for (const id of [mine.id, "not-a-uuid", "00000000-0000-0000-0000-000000000000"]) {
      const patch = await callRoute(PATCH, { method: "PATCH", token, params: { id }, body: { name: "Stolen" } });
      expect(patch.status, id).toBe(404);
      expect(patch.body.error).toBe("not_found");
      const del = await callRoute(DELETE, { method: "DELETE", token, params: { id } });
      expect(del.status, id).toBe(404);
    }
    const theirs = await callRoute(GET, { token });
    expect(theirs.body.results.map((item: { id: string }) => item.id)).not.toContain(mine.id);
    const [row] = await getDb().select().from(apiKeys).where(eq(apiKeys.id, mine.id));
    expect(row).toMatchObject({ name: "Team key", revokedAt: null });
    expect(await auditOf(other.business.id)).toHaveLength(0);
  });

  it("allows at most 50 keys that are not revoked per business; revoking one frees a place, even when creations race", async () => {
    const business = await createTeam();
    const token = await tokenFor(business.admin);
    await insertKeys(business.business.id, 49);
    // Two creations at once for the last place: exactly one gets it.
    const racing = await Promise.all([1, 2].map((n) => callRoute(POST, { token, body: { name: `Race ${n}`, kind: "secret" } })));
    expect(racing.map((answer) => answer.status).sort()).toEqual([201, 409]);
    const refused = await callRoute(POST, { token, body: { name: "One too many", kind: "secret" } });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toBe("conflict");
    expect(refused.body.detail).toMatch(/at most 50/);

    const winner = racing.find((answer) => answer.status === 201)!.body.apiKey;
    expect((await callRoute(DELETE, { method: "DELETE", token, params: { id: winner.id } })).status).toBe(200);
    expect((await callRoute(POST, { token, body: { name: "Replacement", kind: "secret" } })).status).toBe(201);
    const list = await callRoute(GET, { token, path: "/api/api-keys?pageSize=100" });
    expect(list.body.count).toBe(51);
    expect(list.body.results.filter((item: { revokedAt: string | null }) => item.revokedAt === null)).toHaveLength(50);
  });
});

import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as balanceGet } from "@/app/api/chat/balance/route";
import { POST as chatPost } from "@/app/api/chat/route";
import { POST as usersPost } from "@/app/api/users/route";
import { getDb } from "@/db/client";
import { auditLog, businesses, creditTransactions } from "@/db/schema";
import { assertModelPolicy } from "@/lib/ai/models";
import { resetEnv } from "@/lib/env";
import { createTeam } from "@/test/factories";
import { callRoute, tokenFor } from "@/test/http";
import { GET, PATCH } from "./route";

// No OPENAI_API_KEY here: the built-in local provider answers the chat, deterministically.
delete process.env.OPENAI_API_KEY;
resetEnv();

type Team = Awaited<ReturnType<typeof createTeam>>;

const auditOf = (businessId: string) =>
  getDb().select().from(auditLog).where(and(eq(auditLog.businessId, businessId), eq(auditLog.action, "business.update")));

describe("business settings", () => {
  let team: Team;
  let other: Team;

  beforeAll(async () => {
    [team, other] = await Promise.all([createTeam(), createTeam()]);
  });

  it("gives the admin every setting and the operator's policy, and other members only what the chat shows", async () => {
    const admin = await callRoute(GET, { token: await tokenFor(team.admin) });
    expect(admin.status).toBe(200);
    expect(admin.body).toEqual({
      id: team.business.id,
      name: team.business.name,
      slug: team.business.slug,
      shopListed: true,
      settings: {
        botName: "Assistant",
        botColor: "#4f46e5",
        greeting: "Hi! Ask me anything about our products.",
        instructions: "",
        model: "openai:gpt-4o-mini",
        messageCost: 100,
        initialCredits: 4000,
        sessionTimeoutMinutes: 30,
        endUserDailyMessages: 50,
        requireVerifiedIdentity: false,
        botIcon: null,
        fileRetentionDays: 30,
        synonyms: [],
      },
      policy: {
        // No provider has a key here: nothing is offered, the built-in assistant answers.
        allowedModels: [],
        minMessageCost: 1,
        maxInitialCredits: 1_000_000,
      },
    });
    for (const user of [team.editor, team.approver, team.viewer]) {
      const response = await callRoute(GET, { token: await tokenFor(user) });
      expect(response.status).toBe(200);
      // No instructions, model or credit policy: those are the business's internals.
      expect(response.body).toEqual({
        id: team.business.id,
        name: team.business.name,
        slug: team.business.slug,
        shopListed: true,
        settings: { botName: "Assistant", botColor: "#4f46e5", greeting: "Hi! Ask me anything about our products." },
      });
    }
    // The identity secret is never part of the business, for any role.
    const [{ identitySecret }] = (await getDb()
      .select({ identitySecret: businesses.identitySecret })
      .from(businesses)
      .where(eq(businesses.id, team.business.id))) as [{ identitySecret: string }];
    expect(identitySecret).toMatch(/^[0-9a-f]{64}$/);
    for (const user of [team.admin, team.editor, team.approver, team.viewer]) {
      const response = await callRoute(GET, { token: await tokenFor(user) });
      expect(response.text).not.toContain(identitySecret);
      expect(response.text).not.toMatch(/identitySecret/);
    }
    const theirs = await callRoute(GET, { token: await tokenFor(other.viewer) });
    expect(theirs.body.id).toBe(other.business.id);
    const anonymous = await callRoute(GET, {});
    expect(anonymous.status).toBe(401);
  });

  it("lets the admin change the name and settings, audited with before and after", async () => {
    // A model can be chosen only while its provider has a key; a bare name is an OpenAI one.
    process.env.OPENAI_API_KEY = "sk-test";
    process.env.EMBEDDINGS_ENABLED = "false";
    resetEnv();
    try {
      const token = await tokenFor(team.admin);
      const response = await callRoute(PATCH, {
        method: "PATCH",
        token,
        body: {
          name: "  Renamed Outfitters ",
          settings: { botName: "Sage", botColor: "#0F766E", messageCost: 1, initialCredits: 250, instructions: "Be brief.", model: "openai:gpt-4.1-nano" },
        },
      });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        id: team.business.id,
        name: "Renamed Outfitters",
        settings: {
          botName: "Sage",
          botColor: "#0F766E",
          greeting: "Hi! Ask me anything about our products.",
          instructions: "Be brief.",
          model: "openai:gpt-4.1-nano",
          messageCost: 1,
          initialCredits: 250,
        },
      });
      const [row] = await getDb().select().from(businesses).where(eq(businesses.id, team.business.id));
      expect(row).toMatchObject({ name: "Renamed Outfitters", botName: "Sage", messageCost: 1, initialCredits: 250, model: "openai:gpt-4.1-nano" });

      const entries = await auditOf(team.business.id);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        actorId: team.admin.id,
        entityType: "business",
        entityId: team.business.id,
        summary: {
          before: { name: team.business.name, botName: "Assistant", botColor: "#4f46e5", messageCost: 100, initialCredits: 4000, instructions: "", model: "openai:gpt-4o-mini" },
          after: { name: "Renamed Outfitters", botName: "Sage", botColor: "#0F766E", messageCost: 1, initialCredits: 250, instructions: "Be brief.", model: "openai:gpt-4.1-nano" },
        },
      });
      expect(entries[0]!.requestId).toBe(response.headers.get("x-request-id"));

      // Saving the same values again changes nothing and records nothing.
      const again = await callRoute(PATCH, { method: "PATCH", token, body: { settings: { botName: "Sage" } } });
      expect(again.status).toBe(200);
      expect(await auditOf(team.business.id)).toHaveLength(1);

      // The other business is untouched.
      const [theirs] = await getDb().select().from(businesses).where(eq(businesses.id, other.business.id));
      expect(theirs).toMatchObject({ name: other.business.name, botName: "Assistant", messageCost: 100 });
    } finally {
      delete process.env.OPENAI_API_KEY;
      delete process.env.EMBEDDINGS_ENABLED;
      resetEnv();
    }
  });

  it("keeps the business's synonym groups cleaned, audited, and unchanged when saved as they are", async () => {
    const token = await tokenFor(team.admin);
    const saved = await callRoute(PATCH, { method: "PATCH", token, body: { settings: { synonyms: [["  Chesterfield ", "SOFA", "sofa"], ["hoodie", "hooded sweatshirt"]] } } });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.settings.synonyms).toEqual([["chesterfield", "sofa"], ["hoodie", "hooded sweatshirt"]]);
    const audits = () => getDb().select().from(auditLog).where(and(eq(auditLog.entityId, team.business.id), eq(auditLog.action, "business.update")));
    const before = (await audits()).length;
    const again = await callRoute(PATCH, { method: "PATCH", token, body: { settings: { synonyms: [["chesterfield", "sofa"], ["hoodie", "hooded sweatshirt"]] } } });
    expect(again.status).toBe(200);
    expect((await audits()).length).toBe(before);
    const cleared = await callRoute(PATCH, { method: "PATCH", token, body: { settings: { synonyms: [] } } });
    expect(cleared.body.settings.synonyms).toEqual([]);
  });

  it("rejects invalid values with 400 and the offending fields, writing nothing", async () => {
    const token = await tokenFor(other.admin);
    const cases: [unknown, string[]][] = [
      [{ settings: { botColor: "red" } }, ["settings.botColor"]],
      [{ settings: { botColor: "#12345" } }, ["settings.botColor"]],
      [{ settings: { messageCost: -1 } }, ["settings.messageCost"]],
      [{ settings: { messageCost: "100" } }, ["settings.messageCost"]],
      [{ settings: { initialCredits: 1.5 } }, ["settings.initialCredits"]],
      [{ settings: { initialCredits: -5, botName: "   " } }, ["settings.initialCredits", "settings.botName"]],
      [{ settings: { greeting: "" } }, ["settings.greeting"]],
      [{ settings: { instructions: "x".repeat(4001) } }, ["settings.instructions"]],
      [{ settings: { model: "gpt 4o; drop" } }, ["settings.model"]],
      // The operator's policy (defaults: the ALLOWED_MODELS list, MIN_MESSAGE_COST 1, caps of 1,000,000).
      [{ settings: { model: "o1" } }, ["settings.model"]],
      [{ settings: { model: "my-self-hosted-llm" } }, ["settings.model"]],
      [{ settings: { messageCost: 0 } }, ["settings.messageCost"]],
      [{ settings: { initialCredits: 1_000_001 } }, ["settings.initialCredits"]],
      [{ settings: { model: "gpt-4", messageCost: 0, botName: "Fine" } }, ["settings.model", "settings.messageCost"]],
      [{ name: "" }, ["name"]],
      [{ name: "x".repeat(101) }, ["name"]],
      [{ settings: { credits: 5 } }, ["settings"]],
      [{ id: "mine" }, ["_"]],
      [{ slug: "Mine" }, ["slug"]],
      [{ slug: "ab" }, ["slug"]],
      [{ slug: "-mine" }, ["slug"]],
      [{ slug: "x".repeat(61) }, ["slug"]],
      [{ shopListed: "yes" }, ["shopListed"]],
      [{ settings: "cheap" }, ["settings"]],
      [{ settings: { synonyms: [["sofa"]] } }, ["settings.synonyms.0"]],
      [{ settings: { synonyms: [["sofa", "couch"], ["x".repeat(61), "y"]] } }, ["settings.synonyms.1"]],
      [{ settings: { synonyms: [["!!", "?"]] } }, ["settings.synonyms.0"]],
      [{ settings: { synonyms: "sofa, couch" } }, ["settings.synonyms"]],
      [{ settings: { synonyms: Array.from({ length: 201 }, (_, i) => [`a${i}`, `b${i}`]) } }, ["settings.synonyms"]],
    ];
    for (const [body, fields] of cases) {
      const response = await callRoute(PATCH, { method: "PATCH", token, body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error).toBe("invalid_request");
      expect(Object.keys(response.body.fields).sort(), JSON.stringify(body)).toEqual([...fields].sort());
    }
    const malformed = await callRoute(PATCH, { method: "PATCH", token, rawBody: "{not json", headers: { "content-type": "application/json" } });
    expect(malformed.status).toBe(400);
    const [row] = await getDb().select().from(businesses).where(eq(businesses.id, other.business.id));
    expect(row).toMatchObject({ name: other.business.name, botColor: "#4f46e5", messageCost: 100, initialCredits: 4000 });
    expect(await auditOf(other.business.id)).toHaveLength(0);
  });

  it("saves the end-user and widget settings, audited, and reads them back", async () => {
    const business = await createTeam();
    const token = await tokenFor(business.admin);
    const settings = { sessionTimeoutMinutes: 1440, endUserDailyMessages: 0, requireVerifiedIdentity: true, botIcon: "🛍️" };
    const saved = await callRoute(PATCH, { method: "PATCH", token, body: { settings } });
    expect(saved.status).toBe(200);
    expect(saved.body.settings).toMatchObject(settings);
    expect(saved.text).not.toMatch(/identitySecret/);
    expect((await callRoute(GET, { token })).body.settings).toMatchObject(settings);
    const [row] = await getDb().select().from(businesses).where(eq(businesses.id, business.business.id));
    expect(row).toMatchObject(settings);

    const entries = await auditOf(business.business.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]!.summary).toEqual({
      before: { sessionTimeoutMinutes: 30, endUserDailyMessages: 50, requireVerifiedIdentity: false, botIcon: null },
      after: settings,
    });

    // Each bound's other end, a two-letter icon (trimmed), a family emoji, and back to no icon.
    for (const next of [
      { sessionTimeoutMinutes: 1, endUserDailyMessages: 100_000, requireVerifiedIdentity: false, botIcon: " AB " },
      { botIcon: "👨‍👩‍👧" },
      { botIcon: "🇫🇷" },
      { botIcon: null },
    ]) {
      const answer = await callRoute(PATCH, { method: "PATCH", token, body: { settings: next } });
      expect(answer.status, JSON.stringify(next)).toBe(200);
      expect(answer.body.settings).toMatchObject({ ...next, ...(next.botIcon === " AB " ? { botIcon: "AB" } : {}) });
    }
    const [after] = await getDb().select().from(businesses).where(eq(businesses.id, business.business.id));
    expect(after).toMatchObject({ sessionTimeoutMinutes: 1, endUserDailyMessages: 100_000, requireVerifiedIdentity: false, botIcon: null });
    expect(await auditOf(business.business.id)).toHaveLength(5);
    // The other members see none of it.
    expect(Object.keys((await callRoute(GET, { token: await tokenFor(business.viewer) })).body.settings).sort()).toEqual(["botColor", "botName", "greeting"]);
  });

  it("refuses end-user and widget settings out of range with 400 and the fields, writing nothing", async () => {
    const business = await createTeam();
    const token = await tokenFor(business.admin);
    const cases: [unknown, string[]][] = [
      [{ settings: { sessionTimeoutMinutes: 0 } }, ["settings.sessionTimeoutMinutes"]],
      [{ settings: { sessionTimeoutMinutes: 1441 } }, ["settings.sessionTimeoutMinutes"]],
      [{ settings: { sessionTimeoutMinutes: 2.5 } }, ["settings.sessionTimeoutMinutes"]],
      [{ settings: { sessionTimeoutMinutes: "30" } }, ["settings.sessionTimeoutMinutes"]],
      [{ settings: { endUserDailyMessages: -1 } }, ["settings.endUserDailyMessages"]],
      [{ settings: { endUserDailyMessages: 100_001 } }, ["settings.endUserDailyMessages"]],
      [{ settings: { endUserDailyMessages: null } }, ["settings.endUserDailyMessages"]],
      [{ settings: { requireVerifiedIdentity: "yes" } }, ["settings.requireVerifiedIdentity"]],
      [{ settings: { requireVerifiedIdentity: 1 } }, ["settings.requireVerifiedIdentity"]],
      [{ settings: { botIcon: "" } }, ["settings.botIcon"]],
      [{ settings: { botIcon: "   " } }, ["settings.botIcon"]],
      [{ settings: { botIcon: "ABC" } }, ["settings.botIcon"]],
      [{ settings: { botIcon: "😀😀😀" } }, ["settings.botIcon"]],
      [{ settings: { botIcon: "👨‍👩‍👧‍👦" } }, ["settings.botIcon"]],
      [{ settings: { botIcon: "a\u0007" } }, ["settings.botIcon"]],
      [{ settings: { botIcon: "\u200b" } }, ["settings.botIcon"]],
      [{ settings: { botIcon: 7 } }, ["settings.botIcon"]],
      [{ settings: { identitySecret: "0".repeat(64) } }, ["settings"]],
      [{ identitySecret: "0".repeat(64) }, ["_"]],
      [{ settings: { sessionTimeoutMinutes: 0, botIcon: "WXYZ" } }, ["settings.sessionTimeoutMinutes", "settings.botIcon"]],
    ];
    for (const [body, fields] of cases) {
      const response = await callRoute(PATCH, { method: "PATCH", token, body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(Object.keys(response.body.fields).sort(), JSON.stringify(body)).toEqual([...fields].sort());
    }
    const [row] = await getDb().select().from(businesses).where(eq(businesses.id, business.business.id));
    expect(row).toMatchObject({ sessionTimeoutMinutes: 30, endUserDailyMessages: 50, requireVerifiedIdentity: false, botIcon: null });
    expect(await auditOf(business.business.id)).toHaveLength(0);
  });

  it("keeps chat files for the days an admin sets: checked, saved, audited, and for admins only", async () => {
    const business = await createTeam();
    const token = await tokenFor(business.admin);
    const cases: [unknown, string][] = [
      [0, "Chat files must be kept for at least 1 day."],
      [5000, "Chat files can be kept for at most 3,650 days (about ten years)."],
      ["x", "File retention must be a number of days."],
      ["30", "File retention must be a number of days."],
      [null, "File retention must be a number of days."],
      [7.5, "File retention must be a whole number of days."],
    ];
    for (const [fileRetentionDays, message] of cases) {
      const response = await callRoute(PATCH, { method: "PATCH", token, body: { settings: { fileRetentionDays } } });
      expect(response.status, JSON.stringify(fileRetentionDays)).toBe(400);
      expect(response.body.error).toBe("invalid_request");
      expect(response.body.fields).toEqual({ "settings.fileRetentionDays": [message] });
    }
    for (const user of [business.editor, business.approver, business.viewer]) {
      const refused = await callRoute(PATCH, { method: "PATCH", token: await tokenFor(user), body: { settings: { fileRetentionDays: 7 } } });
      expect(refused.status).toBe(403);
    }
    expect(await auditOf(business.business.id)).toHaveLength(0);

    const saved = await callRoute(PATCH, { method: "PATCH", token, body: { settings: { fileRetentionDays: 7 } } });
    expect(saved.status).toBe(200);
    expect(saved.body.settings.fileRetentionDays).toBe(7);
    expect((await callRoute(GET, { token })).body.settings.fileRetentionDays).toBe(7);
    const [row] = await getDb().select().from(businesses).where(eq(businesses.id, business.business.id));
    expect(row!.fileRetentionDays).toBe(7);
    const entries = await auditOf(business.business.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actorId: business.admin.id, summary: { before: { fileRetentionDays: 30 }, after: { fileRetentionDays: 7 } } });

    // Both ends of the range are accepted; other members never see the setting.
    for (const fileRetentionDays of [1, 3650]) {
      const answer = await callRoute(PATCH, { method: "PATCH", token, body: { settings: { fileRetentionDays } } });
      expect(answer.status).toBe(200);
      expect(answer.body.settings.fileRetentionDays).toBe(fileRetentionDays);
    }
    expect((await callRoute(GET, { token: await tokenFor(business.viewer) })).body.settings).not.toHaveProperty("fileRetentionDays");
  });

  it("forbids editors, approvers and viewers from changing settings, and anonymous callers", async () => {
    for (const user of [other.editor, other.approver, other.viewer]) {
      const response = await callRoute(PATCH, {
        method: "PATCH",
        token: await tokenFor(user),
        body: { settings: { messageCost: 0 } },
      });
      expect(response.status).toBe(403);
      expect(response.body.error).toBe("forbidden");
    }
    const anonymous = await callRoute(PATCH, { method: "PATCH", body: { settings: { messageCost: 0 } } });
    expect(anonymous.status).toBe(401);
    const [row] = await getDb().select().from(businesses).where(eq(businesses.id, other.business.id));
    expect(row!.messageCost).toBe(100);
  });

  it("applies a new message cost to the very next message, and new initial credits to the next user", async () => {
    const third = await createTeam();
    // Tokens are signed for each call: a test's fresh environment (resetEnv) also brings fresh signing secrets.
    const patch = async (settings: Record<string, number>) =>
      callRoute(PATCH, { method: "PATCH", token: await tokenFor(third.admin), body: { settings } });
    const chat = async (body: Record<string, unknown>) => callRoute(chatPost, { token: await tokenFor(third.viewer), body });

    expect((await patch({ messageCost: 37 })).status).toBe(200);
    expect((await callRoute(balanceGet, { token: await tokenFor(third.viewer) })).body).toEqual({ credits: 4000, messageCost: 37 });
    const first = await chat({ message: "Hello, what do you sell?" });
    expect(first.status).toBe(200);
    expect(first.body.credits).toBe(4000 - 37);

    // Free messages only where the operator allows them (MIN_MESSAGE_COST=0).
    expect((await patch({ messageCost: 0 })).status).toBe(400);
    process.env.MIN_MESSAGE_COST = "0";
    resetEnv();
    try {
      expect((await patch({ messageCost: 0 })).status).toBe(200);
      const free = await chat({ message: "And anything else?", sessionId: first.body.sessionId });
      expect(free.status).toBe(200);
      expect(free.body.credits).toBe(4000 - 37);
    } finally {
      delete process.env.MIN_MESSAGE_COST;
      resetEnv();
    }

    const charges = await getDb()
      .select({ amount: creditTransactions.amount })
      .from(creditTransactions)
      .where(and(eq(creditTransactions.userId, third.viewer.id), eq(creditTransactions.kind, "message")));
    // A free message may or may not leave a zero row; what matters is that only the first one cost anything.
    expect(charges.map((charge) => charge.amount).filter((amount) => amount !== 0)).toEqual([-37]);

    expect((await patch({ initialCredits: 250 })).status).toBe(200);
    const created = await callRoute(usersPost, {
      token: await tokenFor(third.admin),
      body: { email: `newcomer-${third.business.id.slice(0, 8)}@example.test`, name: "Newcomer", role: "viewer", password: "a long enough password" },
    });
    expect(created.status).toBe(201);
    const [ledger] = await getDb()
      .select({ amount: creditTransactions.amount, kind: creditTransactions.kind })
      .from(creditTransactions)
      .where(eq(creditTransactions.userId, created.body.user.id));
    expect(ledger).toEqual({ amount: 250, kind: "signup" });
  });

  it("charges at least the operator's minimum even where a lower cost was stored before it was raised", async () => {
    const fourth = await createTeam();
    await getDb().update(businesses).set({ messageCost: 0 }).where(eq(businesses.id, fourth.business.id));
    process.env.MIN_MESSAGE_COST = "3";
    resetEnv();
    try {
      const token = await tokenFor(fourth.viewer);
      expect((await callRoute(balanceGet, { token })).body).toEqual({ credits: 4000, messageCost: 3 });
      const sent = await callRoute(chatPost, { token, body: { message: "Hello there" } });
      expect(sent.status).toBe(200);
      expect(sent.body.credits).toBe(3997);
      // Editing another field leaves the stored cost alone; asking for a cost below the minimum is refused.
      const adminToken = await tokenFor(fourth.admin);
      expect((await callRoute(PATCH, { method: "PATCH", token: adminToken, body: { settings: { botName: "Still fine", messageCost: 0 } } })).status).toBe(200);
      const lower = await callRoute(PATCH, { method: "PATCH", token: adminToken, body: { settings: { messageCost: 2 } } });
      expect(lower.status).toBe(400);
      expect(lower.body.fields["settings.messageCost"]).toEqual(["Message cost must be at least 3."]);
    } finally {
      delete process.env.MIN_MESSAGE_COST;
      resetEnv();
    }
  });

  it("offers the ALLOWED_MODELS of providers with a key, refuses the rest, and refuses to start on a model without a price", async () => {
    const fifth = await createTeam();
    process.env.ALLOWED_MODELS = "gpt-4.1-nano, openai:gpt-5-mini, anthropic:claude-haiku-4-5";
    process.env.OPENAI_API_KEY = "sk-test";
    process.env.EMBEDDINGS_ENABLED = "false";
    resetEnv();
    try {
      const adminToken = await tokenFor(fifth.admin);
      const patch = (model: string) => callRoute(PATCH, { method: "PATCH", token: adminToken, body: { settings: { model } } });
      // Anthropic has no key: its model is not offered, and choosing it is refused.
      expect((await callRoute(GET, { token: adminToken })).body.policy.allowedModels).toEqual(["openai:gpt-4.1-nano", "openai:gpt-5-mini"]);
      const noKey = await patch("anthropic:claude-haiku-4-5");
      expect(noKey.status).toBe(400);
      expect(noKey.body.fields["settings.model"]).toEqual(["Model must be one of: openai:gpt-4.1-nano, openai:gpt-5-mini."]);
      const unlisted = await patch("gpt-4o");
      expect(unlisted.status).toBe(400);
      expect((await patch("gpt-5-mini")).body.settings.model).toBe("openai:gpt-5-mini");

      process.env.ANTHROPIC_API_KEY = "sk-ant-test";
      resetEnv();
      const both = await tokenFor(fifth.admin);
      expect((await callRoute(GET, { token: both })).body.policy.allowedModels).toEqual(["openai:gpt-4.1-nano", "openai:gpt-5-mini", "anthropic:claude-haiku-4-5"]);
      const chosen = await callRoute(PATCH, { method: "PATCH", token: both, body: { settings: { model: "anthropic:claude-haiku-4-5" } } });
      expect(chosen.status).toBe(200);
      expect(chosen.body.settings.model).toBe("anthropic:claude-haiku-4-5");

      // With no key at all nothing is offered: the built-in assistant answers, and a change of model says why it cannot be.
      delete process.env.OPENAI_API_KEY;
      delete process.env.ANTHROPIC_API_KEY;
      resetEnv();
      const none = await tokenFor(fifth.admin);
      expect((await callRoute(GET, { token: none })).body.policy.allowedModels).toEqual([]);
      const refused = await callRoute(PATCH, { method: "PATCH", token: none, body: { settings: { model: "openai:gpt-5-mini" } } });
      expect(refused.status).toBe(400);
      expect(refused.body.fields["settings.model"]).toEqual(["No model provider is configured on this server; the built-in assistant answers."]);

      process.env.ALLOWED_MODELS = "gpt-4o-mini,llama-3-70b";
      resetEnv();
      expect(() => assertModelPolicy()).toThrow(/without a price in lib\/ai\/prices\.ts: openai:llama-3-70b/);
      process.env.ALLOWED_MODELS = "anthropic:claude-opus-4-6";
      resetEnv();
      expect(() => assertModelPolicy()).toThrow(/without a price in lib\/ai\/prices\.ts: anthropic:claude-opus-4-6/);
    } finally {
      delete process.env.ALLOWED_MODELS;
      delete process.env.OPENAI_API_KEY;
      delete process.env.ANTHROPIC_API_KEY;
      delete process.env.EMBEDDINGS_ENABLED;
      resetEnv();
    }
  });

  it("refuses an assistant colour under 3:1 on either theme's page, naming the contrast, and keeps the old one", async () => {
    const sixth = await createTeam();
    const token = await tokenFor(sixth.admin);
    const cases: [string, RegExp][] = [
      // Yellow vanishes on the light page, navy on the dark one.
      ["#facc15", /^Colour #facc15 has a contrast of only 1\.\d+:1 on the light theme's page \(#fafafa\); it needs at least 3:1 .*Try a darker shade\.$/],
      ["#1e1b4b", /^Colour #1e1b4b has a contrast of only 1\.\d+:1 on the dark theme's page \(#09090b\); .*Try a lighter shade\.$/],
    ];
    for (const [botColor, message] of cases) {
      const response = await callRoute(PATCH, { method: "PATCH", token, body: { settings: { botColor, botName: "Sunny" } } });
      expect(response.status, botColor).toBe(400);
      expect(response.body.error).toBe("invalid_request");
      expect(Object.keys(response.body.fields)).toEqual(["settings.botColor"]);
      expect(response.body.fields["settings.botColor"]).toEqual([expect.stringMatching(message)]);
    }
    const [unchanged] = await getDb().select().from(businesses).where(eq(businesses.id, sixth.business.id));
    expect(unchanged).toMatchObject({ botColor: "#4f46e5", botName: "Assistant" });
    expect(await auditOf(sixth.business.id)).toHaveLength(0);

    // A teal that reads on both pages is saved.
    const saved = await callRoute(PATCH, { method: "PATCH", token, body: { settings: { botColor: "#0f766e" } } });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.settings.botColor).toBe("#0f766e");
  });
});

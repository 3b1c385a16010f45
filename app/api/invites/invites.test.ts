import { createServer, type Server } from "node:net";
import type { AddressInfo } from "node:net";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditLog, invites } from "@/db/schema";
import { resetEnv } from "@/lib/env";
import { SOCKET_ADDRESS_HEADER, socketAddressStamp } from "@/lib/rate-limit/client-ip";
import { createBusiness, createUser, TEST_PASSWORD, uniqueEmail } from "@/test/factories";
import { callRoute, tokenFor } from "@/test/http";
import { linkIn, MAIL_APP_URL as APP_URL, smtpServerForFile } from "@/test/smtp";
import { POST as register } from "@/app/api/auth/register/route";
import { POST as createUserRoute } from "@/app/api/users/route";
import { GET as listInvites, POST as createInvite } from "./route";
import { DELETE as revokeInvite } from "./[id]/route";
import { POST as describeInvite } from "./describe/route";
import { POST as resendInvite } from "./[id]/resend/route";

let nextAddress = 1;
const from = () => ({ [SOCKET_ADDRESS_HEADER]: socketAddressStamp(`198.21.${Math.floor(nextAddress / 250)}.${(nextAddress++ % 250) + 1}`) });

const smtp = smtpServerForFile();

async function team() {
  const business = await createBusiness({ name: "Lantern & Co <Lighting>" });
  const admin = await createUser({ businessId: business.id, role: "admin", name: "Ada Admin" });
  const viewer = await createUser({ businessId: business.id, role: "viewer" });
  return { business, admin, viewer, adminToken: await tokenFor(admin), viewerToken: await tokenFor(viewer) };
}

/** The link carries its code in the fragment, which no server or proxy ever receives. */
function codeOf(link: URL): string {
  expect(link.search).toBe("");
  return new URLSearchParams(link.hash.slice(1)).get("invite")!;
}

async function described(inviteCode: unknown) {
  return callRoute(describeInvite, { body: { inviteCode }, headers: from() });
}

async function join(code: string, email: string) {
  return callRoute(register, { body: { email, password: TEST_PASSWORD, name: "New Person", inviteCode: code }, headers: from() });
}

describe("invites by email", () => {
  it("an invite tied to an address is mailed with a working link naming the business, the role and who invited", async () => {
    const { business, adminToken } = await team();
    const email = uniqueEmail("invitee");
    const created = await callRoute(createInvite, { token: adminToken, body: { role: "editor", email }, headers: from() });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: expect.any(String), role: "editor", email, emailSent: true });

    const mail = await smtp.mailTo(email);
    expect(mail.subject).toBe(`Join ${business.name} on Product Assistant`);
    expect(mail.text).toContain("Ada Admin invited you to join Lantern & Co <Lighting> on Product Assistant as editor.");
    // Names are text in the HTML, never markup.
    expect(mail.html).toContain("Lantern &amp; Co &lt;Lighting&gt;");
    expect(mail.html).not.toContain("<Lighting>");
    const link = linkIn(mail, `${APP_URL}/register#`);
    expect(codeOf(link)).toBe(created.body.inviteCode);

    // The page the link opens knows the business, the role and the address.
    const before = await described(codeOf(link));
    expect(before.status).toBe(200);
    expect(before.body).toEqual({ businessName: business.name, role: "editor", email });
    expect(before.headers.get("cache-control")).toBe("no-store");
    const joined = await join(codeOf(link), email);
    expect(joined.status).toBe(201);
    expect(joined.body.user).toMatchObject({ role: "editor", business: { id: business.id } });
    const after = await described(codeOf(link));
    expect(after.status).toBe(404);
    expect(after.body).toEqual({ error: "not_found", detail: "This invite is invalid, already used or expired. Ask whoever invited you for a new one." });
  });

  it("a member's own address, or one with an invite still pending, is refused with a 409 on the email field; concurrent invites make one", async () => {
    const { admin, viewer, adminToken } = await team();
    const member = await callRoute(createInvite, { token: adminToken, body: { role: "editor", email: viewer.email.toUpperCase() }, headers: from() });
    expect(member.status).toBe(409);
    expect(member.body.fields).toEqual({ email: ["This person is already a member of your team."] });

    const email = uniqueEmail("twice");
    const both = await Promise.all([0, 1].map(() => callRoute(createInvite, { token: adminToken, body: { role: "viewer", email }, headers: from() })));
    expect(both.map((answer) => answer.status).sort()).toEqual([201, 409]);
    expect(both.find((answer) => answer.status === 409)!.body.fields).toEqual({
      email: ["An invite to this email is already pending. Resend it from Pending invites instead."],
    });
    const pending = await getDb().select().from(invites).where(and(eq(invites.businessId, admin.businessId), eq(invites.email, email)));
    expect(pending).toHaveLength(1);

    // Once that invite is revoked, the address may be invited again.
    const created = both.find((answer) => answer.status === 201)!;
    expect((await callRoute(revokeInvite, { method: "DELETE", token: adminToken, params: { id: created.body.id } })).status).toBe(204);
    expect((await callRoute(createInvite, { token: adminToken, body: { role: "viewer", email }, headers: from() })).status).toBe(201);
  });

  it("an invite for anyone is not mailed", async () => {
    const { adminToken } = await team();
    const created = await callRoute(createInvite, { token: adminToken, body: { role: "viewer" }, headers: from() });
    expect(created.status).toBe(201);
    expect(created.body.emailSent).toBe(false);
  });
});

describe("POST /api/invites/describe", () => {
  it("names what a working code is for, to anyone holding it; a code that never was, or was revoked, is a 404 and a missing one a 400", async () => {
    const { business, adminToken } = await team();
    const created = (await callRoute(createInvite, { token: adminToken, body: { role: "approver" }, headers: from() })).body;
    expect((await described(` ${created.inviteCode} `)).body).toEqual({ businessName: business.name, role: "approver", email: null });

    expect((await described("not-a-code")).status).toBe(404);
    expect(await callRoute(revokeInvite, { method: "DELETE", token: adminToken, params: { id: created.id } })).toMatchObject({ status: 204 });
    expect((await described(created.inviteCode)).status).toBe(404);

    for (const bad of [undefined, "", "   ", 42, "x".repeat(201)]) {
      const refused = await described(bad);
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ error: "invalid_request", fields: { inviteCode: [expect.any(String)] } });
    }
    const notJson = await callRoute(describeInvite, { body: "inviteCode=abc", headers: { ...from(), "content-type": "application/x-www-form-urlencoded" } });
    expect(notJson.status).toBeGreaterThanOrEqual(400);
    expect(notJson.status).toBeLessThan(500);
  });

  it("is limited per address like any anonymous request (429 with Retry-After)", async () => {
    const previous = process.env.RATE_LIMIT_PER_ADDRESS_PER_MINUTE;
    process.env.RATE_LIMIT_PER_ADDRESS_PER_MINUTE = "3";
    resetEnv();
    try {
      const address = from();
      const answers = [];
      for (let i = 0; i < 4; i++) answers.push(await callRoute(describeInvite, { body: { inviteCode: "guess" }, headers: address }));
      expect(answers.map((answer) => answer.status)).toEqual([404, 404, 404, 429]);
      expect(Number(answers[3]!.headers.get("retry-after"))).toBeGreaterThan(0);
    } finally {
      if (previous === undefined) delete process.env.RATE_LIMIT_PER_ADDRESS_PER_MINUTE;
      else process.env.RATE_LIMIT_PER_ADDRESS_PER_MINUTE = previous;
      resetEnv();
    }
  });
});

describe("GET /api/invites", () => {
  it("lists the pending invites newest first with who invited, never a code; used, revoked and expired ones drop out", async () => {
    const { admin, adminToken, viewerToken } = await team();
    const make = async (email?: string) =>
      (await callRoute(createInvite, { token: adminToken, body: { role: "viewer", ...(email ? { email } : {}) }, headers: from() })).body;
    const used = await make();
    const revoked = await make();
    const expired = await make();
    const open = await make();
    const mailed = await make(uniqueEmail("pending"));
    await join(used.inviteCode, uniqueEmail("joined"));
    await callRoute(revokeInvite, { method: "DELETE", token: adminToken, params: { id: revoked.id } });
    await getDb().update(invites).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(invites.id, expired.id));

    const listed = await callRoute(listInvites, { token: adminToken, path: "/api/invites" });
    expect(listed.status).toBe(200);
    expect(listed.body.count).toBe(2);
    expect(listed.body.results).toEqual([
      {
        id: mailed.id,
        role: "viewer",
        email: mailed.email,
        createdAt: expect.any(String),
        expiresAt: mailed.expiresAt,
        lastSentAt: expect.any(String),
        invitedBy: { id: admin.id, name: "Ada Admin" },
      },
      { id: open.id, role: "viewer", email: null, createdAt: expect.any(String), expiresAt: open.expiresAt, lastSentAt: null, invitedBy: { id: admin.id, name: "Ada Admin" } },
    ]);
    expect(listed.text).not.toContain(open.inviteCode);
    // A page whose last invites were revoked, used or expired still says how many remain, for the way back.
    const pastTheEnd = await callRoute(listInvites, { token: adminToken, path: "/api/invites?pageSize=1&page=3" });
    expect(pastTheEnd.body).toMatchObject({ count: 2, results: [] });
    expect((await callRoute(listInvites, { token: viewerToken, path: "/api/invites" })).status).toBe(403);
    expect((await callRoute(listInvites, { token: adminToken, path: "/api/invites?pageSize=nope" })).status).toBe(400);
  });

  it("an invite to an address that became a member is withdrawn (joined with another code, or added by an admin), audited; another business's invite to it stays", async () => {
    const { business, adminToken } = await team();
    const other = await team();
    const [joiner, added] = [uniqueEmail("joiner"), uniqueEmail("added")];
    const invited = async (token: string, email: string) =>
      (await callRoute(createInvite, { token, body: { role: "editor", email }, headers: from() })).body as { id: string };
    const [toJoiner, toAdded, elsewhere] = [await invited(adminToken, joiner), await invited(adminToken, added.toUpperCase()), await invited(other.adminToken, joiner)];
    const forAnyone = (await callRoute(createInvite, { token: adminToken, body: { role: "viewer" }, headers: from() })).body;

    expect((await join(forAnyone.inviteCode, joiner)).status).toBe(201);
    const created = await callRoute(createUserRoute, { token: adminToken, body: { email: added, name: "Added Directly", role: "viewer" }, headers: from() });
    expect(created.status).toBe(201);

    const listed = await callRoute(listInvites, { token: adminToken, path: "/api/invites" });
    expect(listed.body).toMatchObject({ count: 0, results: [] });
    const revokedRows = await getDb().select({ id: invites.id, revokedAt: invites.revokedAt }).from(invites).where(eq(invites.businessId, business.id));
    for (const id of [toJoiner.id, toAdded.id]) expect(revokedRows.find((row) => row.id === id)?.revokedAt).not.toBeNull();
    const audits = await getDb()
      .select({ entityId: auditLog.entityId, summary: auditLog.summary })
      .from(auditLog)
      .where(and(eq(auditLog.businessId, business.id), eq(auditLog.action, "invite.revoke")));
    expect(audits).toEqual(
      expect.arrayContaining([
        { entityId: toJoiner.id, summary: { role: "editor", email: joiner, reason: "address_became_member" } },
        { entityId: toAdded.id, summary: { role: "editor", email: added.toUpperCase(), reason: "address_became_member" } },
      ]),
    );
    expect(audits).toHaveLength(2);
    // The other business's invite is its own business: only its own members close it.
    expect((await callRoute(listInvites, { token: other.adminToken, path: "/api/invites" })).body.results.map((row: { id: string }) => row.id)).toEqual([elsewhere.id]);
  });
});

describe("DELETE /api/invites/:id", () => {
  it("revokes: the code stops working at once, the revocation is audited, and a second revoke is a 404", async () => {
    const { business, adminToken, viewerToken } = await team();
    const invite = (await callRoute(createInvite, { token: adminToken, body: { role: "approver" }, headers: from() })).body;
    expect((await callRoute(revokeInvite, { method: "DELETE", token: viewerToken, params: { id: invite.id } })).status).toBe(403);
    expect((await callRoute(revokeInvite, { method: "DELETE", token: adminToken, params: { id: invite.id } })).status).toBe(204);
    const refused = await join(invite.inviteCode, uniqueEmail("late"));
    expect(refused.status).toBe(400);
    expect(refused.body.fields.inviteCode).toBeDefined();
    expect((await callRoute(revokeInvite, { method: "DELETE", token: adminToken, params: { id: invite.id } })).status).toBe(404);
    expect((await callRoute(revokeInvite, { method: "DELETE", token: adminToken, params: { id: "not-a-uuid" } })).status).toBe(404);
    const audit = await getDb().select().from(auditLog).where(and(eq(auditLog.businessId, business.id), eq(auditLog.action, "invite.revoke")));
    expect(audit).toMatchObject([{ entityId: invite.id, summary: { role: "approver", email: null } }]);
  });
});

describe("POST /api/invites/:id/resend", () => {
  it("mails a new code with a fresh expiry; the earlier link stops working and the new one joins", async () => {
    const { adminToken } = await team();
    const email = uniqueEmail("again");
    const invite = (await callRoute(createInvite, { token: adminToken, body: { role: "viewer", email }, headers: from() })).body;
    const firstCode = codeOf(linkIn(await smtp.mailTo(email, 1), `${APP_URL}/register#`));
    await getDb().update(invites).set({ expiresAt: new Date(Date.now() + 60_000) }).where(eq(invites.id, invite.id));

    const resent = await callRoute(resendInvite, { method: "POST", token: adminToken, params: { id: invite.id }, headers: from() });
    expect(resent.status).toBe(200);
    expect(new Date(resent.body.invite.expiresAt).getTime()).toBeGreaterThan(Date.now() + 6 * 24 * 60 * 60 * 1000);
    expect(resent.text).not.toContain(firstCode);
    const secondCode = codeOf(linkIn(await smtp.mailTo(email, 2), `${APP_URL}/register#`));
    expect(secondCode).not.toBe(firstCode);

    expect((await join(firstCode, email)).status).toBe(400);
    expect((await join(secondCode, email)).status).toBe(201);
    expect((await callRoute(resendInvite, { method: "POST", token: adminToken, params: { id: invite.id }, headers: from() })).status).toBe(404);
  });

  it("an invite for anyone cannot be sent (400); a viewer may not (403)", async () => {
    const { adminToken, viewerToken } = await team();
    const invite = (await callRoute(createInvite, { token: adminToken, body: { role: "viewer" }, headers: from() })).body;
    const refused = await callRoute(resendInvite, { method: "POST", token: adminToken, params: { id: invite.id }, headers: from() });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toBe("invalid_request");
    expect((await callRoute(resendInvite, { method: "POST", token: viewerToken, params: { id: invite.id }, headers: from() })).status).toBe(403);
  });

  it("when the mail server refuses, answers 502 and the code sent before keeps working", async () => {
    const { admin, adminToken } = await team();
    const email = uniqueEmail("bounced");
    const invite = (await callRoute(createInvite, { token: adminToken, body: { role: "viewer", email }, headers: from() })).body;
    const code = codeOf(linkIn(await smtp.mailTo(email), `${APP_URL}/register#`));

    // A port where nothing answers SMTP: connections are accepted and closed at once.
    const dead: Server = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => dead.listen(0, "127.0.0.1", resolve));
    const working = process.env.SMTP_URL;
    process.env.SMTP_URL = `smtp://127.0.0.1:${(dead.address() as AddressInfo).port}`;
    resetEnv();
    try {
      // A re-read environment in tests brings new signing secrets: a token of its own.
      const failed = await callRoute(resendInvite, { method: "POST", token: await tokenFor(admin), params: { id: invite.id }, headers: from() });
      expect(failed.status).toBe(502);
      expect(failed.body.error).toBe("upstream_error");
    } finally {
      process.env.SMTP_URL = working;
      resetEnv();
      await new Promise<void>((resolve) => dead.close(() => resolve()));
    }
    expect((await join(code, email)).status).toBe(201);
  });
});

import { describe, expect, it } from "vitest";
import { POST as chatPost } from "@/app/api/chat/route";
import * as handoffRoute from "@/app/api/chat/sessions/[id]/handoff/route";
import { createBusiness, createTeam, createUser } from "@/test/factories";
import { callRoute, tokenFor } from "@/test/http";
import { linkIn, MAIL_APP_URL as APP_URL, smtpServerForFile } from "@/test/smtp";


delete process.env.OPENAI_API_KEY;
const smtp = smtpServerForFile();

describe("a conversation that asks for a person", () => {
  it("mails each active admin once, with the last question and a link into the inbox", async () => {
    const team = await createTeam();
    const secondAdmin = await createUser({ businessId: team.business.id, role: "admin" });
    const formerAdmin = await createUser({ businessId: team.business.id, role: "admin", active: false });
    const token = await tokenFor(team.viewer);
    const turn = await callRoute(chatPost, { token, body: { message: "Where is my parcel from last week?" } });
    expect(turn.status).toBe(200);
    const sessionId = turn.body.sessionId as string;

    const asked = await callRoute(handoffRoute.POST, { method: "POST", token, params: { id: sessionId } });
    expect(asked.status).toBe(200);
    for (const admin of [team.admin, secondAdmin]) {
      const mail = await smtp.mailTo(admin.email);
      expect(mail.subject).toBe(`A customer of ${team.business.name} asks for a person`);
      expect(mail.text).toContain("Where is my parcel from last week?");
      expect(mail.text).toContain(`${team.viewer.name} asked to talk to a person.`);
      const link = linkIn(mail, `${APP_URL}/inbox`);
      expect(link.searchParams.get("session")).toBe(sessionId);
    }

    // Asking again while it waits changes nothing and mails nobody; nor is a deactivated admin, nor anyone else, ever mailed.
    expect((await callRoute(handoffRoute.POST, { method: "POST", token, params: { id: sessionId } })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(smtp.mailsTo(team.admin.email)).toHaveLength(1);
    expect(smtp.mailsTo(formerAdmin.email)).toEqual([]);
    for (const member of [team.editor, team.approver, team.viewer]) expect(smtp.mailsTo(member.email)).toEqual([]);

    // Taking the request back and asking again soon after is the same wait: nobody is mailed twice.
    expect((await callRoute(handoffRoute.DELETE, { method: "DELETE", token, params: { id: sessionId } })).status).toBe(200);
    expect((await callRoute(handoffRoute.POST, { method: "POST", token, params: { id: sessionId } })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(smtp.mailsTo(team.admin.email)).toHaveLength(1);
  });

  it("names the business and the customer as text, and cuts a long question between characters, not inside an emoji", async () => {
    const business = await createBusiness({ name: `O'Brien & "Sons" <Home>` });
    const admin = await createUser({ businessId: business.id, role: "admin" });
    const viewer = await createUser({ businessId: business.id, role: "viewer", name: "<img src=x onerror=alert(1)>" });
    const token = await tokenFor(viewer);
    // The 280th unit of the question is the first half of 🛋️'s surrogate pair.
    const question = `${"a".repeat(279)}🛋️ and a lamp`;
    const turn = await callRoute(chatPost, { token, body: { message: question } });
    expect(turn.status).toBe(200);
    expect((await callRoute(handoffRoute.POST, { method: "POST", token, params: { id: turn.body.sessionId as string } })).status).toBe(200);

    const mail = await smtp.mailTo(admin.email);
    expect(mail.subject).toBe(`A customer of O'Brien & "Sons" <Home> asks for a person`);
    expect(mail.html).not.toContain("<img");
    expect(mail.html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(mail.text).not.toContain("\uFFFD");
    expect(mail.text).toContain(`“${"a".repeat(279)}”`);
  });
});

import { describe, expect, it } from "vitest";
import { AUDIT_ACTIONS } from "@/lib/audit/actions";
import { describeEntry, KNOWN_ACTIONS } from "./describe-entry";

const entry = (action: string, summary: Record<string, unknown>, entityType = "product") => ({
  action,
  entityType,
  entityId: "x",
  summary,
});

describe("describeEntry", () => {
  it("lists only the settings that changed, with readable labels", () => {
    expect(
      describeEntry(
        entry("business.update", { before: { botName: "Assistant", messageCost: 100 }, after: { botName: "Sage", messageCost: 0 } }, "business"),
      ),
    ).toEqual({
      title: "Changed the business settings",
      details: ["Assistant name: “Assistant” → “Sage”", "Message cost: 100 → 0"],
    });
  });

  it("names the member whose role or name changed, and says why an invite went that nobody revoked", () => {
    expect(describeEntry(entry("user.role_change", { email: "vera@example.test", from: "viewer", to: "editor" }, "user")).title).toBe(
      "Changed the role of “vera@example.test” from viewer to editor",
    );
    // Entries written before they carried the address still read.
    expect(describeEntry(entry("user.role_change", { from: "admin", to: "viewer" }, "user")).title).toBe("Changed the role of a user from admin to viewer");
    expect(describeEntry(entry("user.update", { email: "vera@example.test", name: { from: "Vera", to: "Vera V." } }, "user"))).toEqual({
      title: "Updated user “vera@example.test”",
      details: ["Name: “Vera” → “Vera V.”"],
    });
    // Withdrawn without anyone asking: said so, and why.
    expect(describeEntry(entry("invite.revoke", { role: "admin", email: "x@example.test", reason: "creator_lost_admin" }, "invite"))).toEqual({
      title: "Withdrew the invite for x@example.test",
      details: ["Role: admin", "Because the admin who made it was demoted or deactivated"],
    });
    expect(describeEntry(entry("invite.revoke", { role: "editor", email: "bob@example.test", reason: "address_became_member" }, "invite"))).toEqual({
      title: "Withdrew the invite for bob@example.test",
      details: ["Role: editor", "Because its address became a member's"],
    });
    expect(describeEntry(entry("invite.revoke", { role: "editor", email: "bob@example.test" }, "invite")).title).toBe("Revoked the invite for bob@example.test");
    expect(describeEntry(entry("invite.revoke", { role: "editor", email: null }, "invite")).details).toEqual(["Role: editor"]);
  });

  it("tells grants from claw-backs", () => {
    expect(describeEntry(entry("credits.grant", { userName: "Vic", amount: 1500, reason: "Bonus", balanceAfter: 5500 }, "user"))).toEqual({
      title: "Granted 1,500 credits to Vic",
      details: ["Reason: “Bonus”", "Balance now 5,500"],
    });
    expect(describeEntry(entry("credits.grant", { amount: -20, reason: "Oops", balance: 0 }, "user")).title).toBe(
      "Clawed back 20 credits from a user",
    );
  });

  it("describes product transitions and edits", () => {
    expect(describeEntry(entry("product.reject", { from: "pending_approval", to: "rejected", name: "Desk", reason: "No photo" }))).toEqual({
      title: "Rejected “Desk”",
      details: ["Status: “pending approval” → “rejected”", "Reason: “No photo”"],
    });
    expect(
      describeEntry(entry("product.update", { changed: ["price"], before: { name: "Desk", price: "10.00" }, after: { name: "Desk", price: "12.00" } })),
    ).toEqual({ title: "Edited product “Desk”", details: ["Price: $10.00 → $12.00"] });
  });

  it("falls back to the raw fields for unknown actions and odd summaries", () => {
    expect(describeEntry(entry("webhook.create", { label: "CI", scopes: ["read"] }, "webhook"))).toEqual({
      title: "Webhook create (webhook)",
      details: ["Label: “CI”", 'Scopes: ["read"]'],
    });
    expect(describeEntry({ action: "business.update", entityType: "business", entityId: null, summary: null as never })).toEqual({
      title: "Changed the business settings",
      details: [],
    });
  });

  it("describes every recorded action in its own words and offers each one in the filter", () => {
    for (const action of AUDIT_ACTIONS) {
      expect(describeEntry(entry(action, {})).title, action).not.toMatch(/\(product\)$/);
    }
    expect(KNOWN_ACTIONS.map((option) => option.value)).toEqual([...AUDIT_ACTIONS]);
  });
});

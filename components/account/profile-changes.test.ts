import { describe, expect, it } from "vitest";
import { emailMoves, profileChanges } from "./profile-changes";

const values = { name: "Ada Lovelace", email: "ada@example.test", currentPassword: "" };

describe("the profile form's changes", () => {
  it("sends the name alone when the email is as it was", () => {
    expect(profileChanges(values, "ada@example.test")).toEqual({ name: "Ada Lovelace" });
    expect(profileChanges({ ...values, email: " ada@example.test " }, "ada@example.test")).toEqual({ name: "Ada Lovelace" });
  });

  it("sends an email typed in another letter case, without the password: it is the same mailbox, written at once", () => {
    expect(emailMoves("Ada@Example.test", "ada@example.test")).toBe(false);
    expect(profileChanges({ ...values, email: "Ada@Example.test" }, "ada@example.test")).toEqual({ name: "Ada Lovelace", email: "Ada@Example.test" });
  });

  it("sends a new address with the current password, which the server asks for before mailing the link", () => {
    expect(emailMoves("countess@example.test", "ada@example.test")).toBe(true);
    expect(profileChanges({ ...values, email: "countess@example.test", currentPassword: "my password" }, "ada@example.test")).toEqual({
      name: "Ada Lovelace",
      email: "countess@example.test",
      currentPassword: "my password",
    });
  });
});

import { describe, expect, it } from "vitest";
import type { BusinessSettingsForm } from "@/lib/business/schemas";
import { changedSettings } from "./settings-changes";

// The form's values as its rules hand them over (after zod: no icon is null, synonyms are groups).
const values: BusinessSettingsForm = {
  name: "Acme",
  botName: "Ollie",
  botColor: "#4f46e5",
  greeting: "Hi!",
  instructions: "Be brief.",
  model: "openai:gpt-4o-mini",
  messageCost: 100,
  initialCredits: 1000,
  sessionTimeoutMinutes: 30,
  endUserDailyMessages: 50,
  requireVerifiedIdentity: true,
  botIcon: null,
  fileRetentionDays: 30,
  synonyms: [["sofa", "couch"]],
};

describe("changedSettings", () => {
  it("sends only what the admin changed, so a setting another admin saved meanwhile is not put back", () => {
    // Loaded with messageCost 100 and identity checks on; another admin has since set the cost to 250
    // and turned the checks off. This admin only renamed the assistant.
    expect(changedSettings(values, { botName: true })).toEqual({ settings: { botName: "Ollie" } });
  });

  it("sends the business name apart from the settings, and each changed setting as the rules made it", () => {
    expect(changedSettings(values, { name: true, botIcon: true, synonyms: true, requireVerifiedIdentity: true })).toEqual({
      name: "Acme",
      settings: { botIcon: null, synonyms: [["sofa", "couch"]], requireVerifiedIdentity: true },
    });
    expect(changedSettings(values, { name: true })).toEqual({ name: "Acme" });
  });

  it("sends nothing when nothing changed (a field changed and put back is not dirty)", () => {
    expect(changedSettings(values, {})).toEqual({});
    expect(changedSettings(values, { messageCost: false })).toEqual({});
  });
});

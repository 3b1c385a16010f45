import { describe, expect, it } from "vitest";
import type { BusinessPolicy } from "@/lib/business/schemas";
import { settingsResolver } from "./settings-form-rules";

const policy: BusinessPolicy = { allowedModels: ["openai:gpt-4o-mini"], minMessageCost: 5, maxInitialCredits: 1_000_000 };

const form = (changes: Record<string, unknown> = {}) => ({
  name: "Acme",
  botName: "Ollie",
  botColor: "#4f46e5",
  greeting: "Hi!",
  instructions: "",
  model: "openai:gpt-4o-mini",
  messageCost: 100,
  initialCredits: 1000,
  sessionTimeoutMinutes: 30,
  endUserDailyMessages: 50,
  requireVerifiedIdentity: false,
  botIcon: "",
  fileRetentionDays: 30,
  synonyms: "",
  ...changes,
});

const messagesOf = async (values: Record<string, unknown>, context: BusinessPolicy | undefined = policy) => {
  const { errors } = await settingsResolver(values as never, context, { fields: {}, shouldUseNativeValidation: false });
  return Object.fromEntries(Object.entries(errors).map(([field, error]) => [field, (error as { message?: string }).message]));
};

describe("the settings form's rules", () => {
  it("accepts what the server accepts", async () => {
    expect(await messagesOf(form())).toEqual({});
  });

  it("refuses initial credits and a message cost past the operator's limits, in the server's words", async () => {
    expect(await messagesOf(form({ initialCredits: 5_000_000 }))).toEqual({ initialCredits: "Initial credits must be at most 1,000,000." });
    // Past the schema's own bound too: the limit said is still the operator's.
    expect(await messagesOf(form({ initialCredits: 99_999_999 }))).toEqual({ initialCredits: "Initial credits must be at most 1,000,000." });
    expect(await messagesOf(form({ messageCost: 2 }))).toEqual({ messageCost: "Message cost must be at least 5." });
  });

  it("keeps the schema's other errors beside the policy's", async () => {
    expect(await messagesOf(form({ initialCredits: 5_000_000, botName: "" }))).toMatchObject({
      initialCredits: "Initial credits must be at most 1,000,000.",
      botName: expect.any(String),
    });
  });
});

import { z } from "zod";

/** Limits shared by the settings form and PATCH /api/business. */
export const BUSINESS_LIMITS = {
  name: 100,
  botName: 50,
  greeting: 1000,
  instructions: 4000,
  model: 100,
  messageCost: 1_000_000,
  initialCredits: 10_000_000,
  grantAmount: 10_000_000,
  grantReason: 500,
} as const;

const trimmed = (label: string, max: number) =>
  z
    .string({ error: `${label} must be text.` })
    .trim()
    .min(1, `${label} is required.`)
    .max(max, `${label} must be at most ${max} characters.`);

const wholeNumber = (label: string, max: number) =>
  z
    .number({ error: `${label} must be a number.` })
    .int(`${label} must be a whole number.`)
    .min(0, `${label} cannot be negative.`)
    .max(max, `${label} must be at most ${max.toLocaleString("en-US")}.`);

export const businessNameSchema = trimmed("Business name", BUSINESS_LIMITS.name);

/** The assistant and credit policy of a business (DESIGN.md §3 `settings`). */
export const businessSettingsSchema = z
  .object({
    botName: trimmed("Assistant name", BUSINESS_LIMITS.botName),
    botColor: z
      .string({ error: "Colour must be text." })
      .regex(/^#[0-9a-fA-F]{6}$/, "Colour must be a hex colour like #4f46e5."),
    greeting: trimmed("Greeting", BUSINESS_LIMITS.greeting),
    instructions: z
      .string({ error: "Instructions must be text." })
      .trim()
      .max(BUSINESS_LIMITS.instructions, `Instructions must be at most ${BUSINESS_LIMITS.instructions} characters.`),
    model: trimmed("Model", BUSINESS_LIMITS.model).regex(
      /^[A-Za-z0-9][A-Za-z0-9._:/@+-]*$/,
      "Model must be a model identifier such as gpt-4o-mini.",
    ),
    messageCost: wholeNumber("Message cost", BUSINESS_LIMITS.messageCost),
    initialCredits: wholeNumber("Initial credits", BUSINESS_LIMITS.initialCredits),
  })
  .strict();

export type BusinessSettings = z.infer<typeof businessSettingsSchema>;
export const SETTINGS_KEYS = Object.keys(businessSettingsSchema.shape) as (keyof BusinessSettings)[];

/** PATCH /api/business: any subset of the name and the settings; unknown keys are rejected. */
export const updateBusinessSchema = z
  .object({
    name: businessNameSchema.optional(),
    settings: businessSettingsSchema.partial().strict().optional(),
  })
  .strict();

export type UpdateBusinessInput = z.infer<typeof updateBusinessSchema>;

/** The /settings form edits everything at once; it submits through updateBusinessSchema. */
export const businessSettingsFormSchema = businessSettingsSchema.extend({ name: businessNameSchema }).strict();

export type BusinessSettingsForm = z.infer<typeof businessSettingsFormSchema>;

export type BusinessView = {
  id: string;
  name: string;
  settings: BusinessSettings;
};

/** POST /api/business/credits: a grant, or a claw-back when negative. */
export const grantCreditsSchema = z
  .object({
    userId: z.uuid({ error: "User id must be a UUID." }),
    amount: z
      .number({ error: "Amount must be a number." })
      .int("Amount must be a whole number of credits.")
      .refine((value) => value !== 0, "Amount cannot be zero.")
      .refine(
        (value) => Math.abs(value) <= BUSINESS_LIMITS.grantAmount,
        `Amount must be between -${BUSINESS_LIMITS.grantAmount.toLocaleString("en-US")} and ${BUSINESS_LIMITS.grantAmount.toLocaleString("en-US")}.`,
      ),
    reason: trimmed("Reason", BUSINESS_LIMITS.grantReason),
  })
  .strict();

export type GrantCreditsInput = z.infer<typeof grantCreditsSchema>;

const pageNumber = z.coerce.number({ error: "page must be a number." }).int("page must be a whole number.").min(1, "page must be at least 1.");

/** GET /api/business/credits?userId=&page=&pageSize= */
export const ledgerQuerySchema = z.object({
  userId: z.uuid({ error: "userId must be a UUID." }),
  page: pageNumber.default(1),
  pageSize: z.coerce
    .number({ error: "pageSize must be a number." })
    .int("pageSize must be a whole number.")
    .min(1, "pageSize must be at least 1.")
    .max(100, "pageSize must be at most 100.")
    .default(20),
});

export type LedgerQuery = z.infer<typeof ledgerQuerySchema>;

export type LedgerEntry = {
  id: string;
  userId: string;
  kind: "signup" | "message" | "refund" | "grant";
  amount: number;
  balanceAfter: number;
  reason: string | null;
  messageId: string | null;
  createdBy: string | null;
  createdByName: string | null;
  createdAt: string;
};

export type GrantResult = {
  transaction: LedgerEntry;
  balance: number;
};

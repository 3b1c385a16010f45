import { z } from "zod";
import { businessNameSchema } from "@/lib/auth/schemas";
import { contrastRatio, formatRatio, PAGE_BACKGROUNDS } from "@/lib/contrast";
import { formatCount } from "@/lib/format";
import { normaliseSynonymGroups } from "@/lib/search/synonyms";
import { BOT_COLOR_MIN_CONTRAST, BUSINESS_LIMITS, SHOP_SLUG_LIMITS, synonymGroupsToText } from "./vocabulary";

export { BOT_COLOR_MIN_CONTRAST, BUSINESS_LIMITS, SHOP_SLUG_LIMITS, synonymGroupsToText };

const { synonyms: SYNONYMS } = BUSINESS_LIMITS;

/** Why one synonym group cannot be kept, or null; `label` names it ("Group 3", "Line 3"). */
function synonymGroupProblem(members: string[], label: string): string | null {
  if (members.length < 2) return `${label} needs at least two words or phrases.`;
  if (members.length > SYNONYMS.members) return `${label} has more than ${SYNONYMS.members} words or phrases.`;
  const long = members.find((member) => member.length > SYNONYMS.memberChars);
  if (long) return `${label}: “${long.slice(0, 20)}…” is longer than ${SYNONYMS.memberChars} characters.`;
  if (members.some((member) => !/[\p{L}\p{N}]/u.test(member))) return `${label} has an entry with no letters or digits.`;
  return null;
}

/**
 * Words the business's customers use for the same thing ("chesterfield, sofa"), on top of the
 * built-in retail list; stored cleaned (lower case, letters and digits).
 */
export const synonymGroupsSchema = z
  .array(z.array(z.string({ error: "Each synonym must be text." }).trim(), { error: "Each synonym group must be a list of words." }), {
    error: "Synonyms must be a list of groups.",
  })
  .max(SYNONYMS.groups, `At most ${SYNONYMS.groups} synonym groups.`)
  .superRefine((groups, ctx) => {
    groups.forEach((group, index) => {
      const problem = synonymGroupProblem(group.filter(Boolean), `Group ${index + 1}`);
      if (problem) ctx.addIssue({ code: "custom", message: problem, path: [index] });
    });
  })
  .transform((groups) => normaliseSynonymGroups(groups));

const synonymLinesSchema = z
  .string()
  .transform((text) => text.split("\n").map((line) => line.split(",").map((member) => member.trim()).filter(Boolean)))
  .superRefine((lines, ctx) => {
    const groups = lines.filter((line) => line.length > 0);
    if (groups.length > SYNONYMS.groups) ctx.addIssue({ code: "custom", message: `At most ${SYNONYMS.groups} synonym groups (lines).` });
    lines.forEach((line, index) => {
      const problem = line.length ? synonymGroupProblem(line, `Line ${index + 1}`) : null;
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    });
  })
  .transform((lines) => normaliseSynonymGroups(lines.filter((line) => line.length > 0)));

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
    .max(max, `${label} must be at most ${formatCount(max)}.`);

const graphemes = new Intl.Segmenter("en", { granularity: "grapheme" });

/** Why `value` cannot be the widget's icon, or null when it can. Shared by the form and the API. */
export function botIconProblem(value: string): string | null {
  const { graphemes: maxGraphemes, codeUnits } = BUSINESS_LIMITS.botIcon;
  if (value.trim() === "") return "Icon cannot be blank; leave it out (null) for none.";
  if (/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(value.replace(/\u200d|\ufe0f/g, ""))) return "Icon may not contain control or invisible characters.";
  if (value.length > codeUnits || [...graphemes.segment(value)].length > maxGraphemes) {
    return "Icon must be one emoji or at most two characters.";
  }
  return null;
}

export const botIconSchema = z
  .string({ error: "Icon must be text or null." })
  .trim()
  .superRefine((value, ctx) => {
    const problem = botIconProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  })
  .nullable();

/** Why a #rrggbb colour cannot be the assistant's colour (too faint on one theme's page), or null; the format is checked apart. */
export function botColorProblem(hex: string): string | null {
  if (!/^#[0-9a-fA-F]{6}$/.test(hex)) return null;
  for (const theme of ["light", "dark"] as const) {
    const background = PAGE_BACKGROUNDS[theme];
    const ratio = contrastRatio(hex, background);
    if (ratio < BOT_COLOR_MIN_CONTRAST) {
      return (
        `Colour ${hex} has a contrast of only ${formatRatio(ratio)} on the ${theme} theme's page (${background}); ` +
        `it needs at least ${BOT_COLOR_MIN_CONTRAST}:1 on both the light (${PAGE_BACKGROUNDS.light}) and the dark (${PAGE_BACKGROUNDS.dark}) page. ` +
        `Try a ${theme === "light" ? "darker" : "lighter"} shade.`
      );
    }
  }
  return null;
}

/** The assistant and credit policy of a business (docs/api.md, `/api/business`). */
export const businessSettingsSchema = z
  .object({
    botName: trimmed("Assistant name", BUSINESS_LIMITS.botName),
    botColor: z
      .string({ error: "Colour must be text." })
      .regex(/^#[0-9a-fA-F]{6}$/, "Colour must be a hex colour like #4f46e5.")
      .superRefine((value, ctx) => {
        const problem = botColorProblem(value);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      }),
    greeting: trimmed("Greeting", BUSINESS_LIMITS.greeting),
    instructions: z
      .string({ error: "Instructions must be text." })
      .trim()
      .max(BUSINESS_LIMITS.instructions, `Instructions must be at most ${BUSINESS_LIMITS.instructions} characters.`),
    model: trimmed("Model", BUSINESS_LIMITS.model).regex(
      /^[A-Za-z0-9][A-Za-z0-9._:/@+-]*$/,
      "Model must be a model identifier such as openai:gpt-4o-mini.",
    ),
    messageCost: wholeNumber("Message cost", BUSINESS_LIMITS.messageCost),
    initialCredits: wholeNumber("Initial credits", BUSINESS_LIMITS.initialCredits),
    sessionTimeoutMinutes: z
      .number({ error: "Session timeout must be a number." })
      .int("Session timeout must be a whole number of minutes.")
      .min(BUSINESS_LIMITS.sessionTimeoutMinutes.min, "Session timeout must be at least 1 minute.")
      .max(BUSINESS_LIMITS.sessionTimeoutMinutes.max, `Session timeout must be at most ${formatCount(BUSINESS_LIMITS.sessionTimeoutMinutes.max)} minutes (a day).`),
    endUserDailyMessages: wholeNumber("Daily messages per end user", BUSINESS_LIMITS.endUserDailyMessages),
    requireVerifiedIdentity: z.boolean({ error: "Require verified identity must be true or false." }),
    botIcon: botIconSchema,
    fileRetentionDays: z
      .number({ error: "File retention must be a number of days." })
      .int("File retention must be a whole number of days.")
      .min(BUSINESS_LIMITS.fileRetentionDays.min, "Chat files must be kept for at least 1 day.")
      .max(
        BUSINESS_LIMITS.fileRetentionDays.max,
        `Chat files can be kept for at most ${formatCount(BUSINESS_LIMITS.fileRetentionDays.max)} days (about ten years).`,
      ),
    synonyms: synonymGroupsSchema,
  })
  .strict();

export type BusinessSettings = z.infer<typeof businessSettingsSchema>;
export const SETTINGS_KEYS = Object.keys(businessSettingsSchema.shape) as (keyof BusinessSettings)[];

/** The storefront's address /shop/<slug>: what a new slug must look like (older, shorter ones keep working). */

export const shopSlugSchema = z
  .string({ error: "The storefront address must be text." })
  .trim()
  .min(SHOP_SLUG_LIMITS.min, `The storefront address must be at least ${SHOP_SLUG_LIMITS.min} characters.`)
  .max(SHOP_SLUG_LIMITS.max, `The storefront address must be at most ${SHOP_SLUG_LIMITS.max} characters.`)
  .regex(/^[a-z0-9-]+$/, "Use only lowercase letters, digits and hyphens.")
  .regex(/^[a-z0-9].*[a-z0-9]$/, "The storefront address must start and end with a letter or a digit.");

/** PATCH /api/business: any subset of the name, the storefront and the settings; unknown keys are rejected. */
export const updateBusinessSchema = z
  .object({
    name: businessNameSchema.optional(),
    slug: shopSlugSchema.optional(),
    shopListed: z.boolean({ error: "shopListed must be true or false." }).optional(),
    settings: businessSettingsSchema.partial().strict().optional(),
  })
  .strict();

/** The storefront section of /settings; it submits through updateBusinessSchema. */
export const storefrontSettingsFormSchema = z.object({ slug: shopSlugSchema, shopListed: z.boolean() }).strict();
export type StorefrontSettingsForm = z.infer<typeof storefrontSettingsFormSchema>;

export type UpdateBusinessInput = z.infer<typeof updateBusinessSchema>;

/** The /settings form edits everything at once; it submits through updateBusinessSchema. An empty icon is none. */
export const businessSettingsFormSchema = businessSettingsSchema
  .extend({
    name: businessNameSchema,
    botIcon: z
      .string()
      .transform((value) => (value.trim() === "" ? null : value))
      .pipe(botIconSchema),
    synonyms: synonymLinesSchema,
  })
  .strict();

export type BusinessSettingsForm = z.infer<typeof businessSettingsFormSchema>;

/** What the operator allows (env), so the settings form offers only values the server accepts. */
export type BusinessPolicy = {
  /** ALLOWED_MODELS: the only models a business may choose. */
  allowedModels: string[];
  /** MIN_MESSAGE_COST: the lowest messageCost. */
  minMessageCost: number;
  /** The largest initialCredits: a sign-up grant within both MAX_CREDIT_GRANT and MAX_CREDIT_BALANCE. */
  maxInitialCredits: number;
};

/** GET /api/business for an admin (`settings:manage`): every setting, and the operator's policy. */
export type BusinessView = {
  id: string;
  name: string;
  /** The storefront: /shop/<slug>, and whether the front page's directory lists it. */
  slug: string;
  shopListed: boolean;
  settings: BusinessSettings;
  policy: BusinessPolicy;
};

/** The chat's part of the settings: all a member without `settings:manage` is given. */
export const PUBLIC_SETTINGS_KEYS = ["botName", "botColor", "greeting"] as const satisfies readonly (keyof BusinessSettings)[];

/** GET /api/business for everyone else: the assistant's name, colour and greeting, nothing of the policy. */
export type PublicBusinessView = {
  id: string;
  name: string;
  slug: string;
  shopListed: boolean;
  settings: Pick<BusinessSettings, (typeof PUBLIC_SETTINGS_KEYS)[number]>;
};

/** POST /api/business/identity-secret takes no input. */
export const rotateIdentitySecretSchema = z.object({}).strict();

/** GET and POST /api/business/identity-secret: the key that signs end-user identifiers (userHash). */
export type IdentitySecretView = { secret: string };

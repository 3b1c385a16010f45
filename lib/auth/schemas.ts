import { z } from "zod";
import { isSingleLine, SINGLE_LINE_MESSAGE } from "@/lib/single-line";
import { BUSINESS_NAME_MAX, EMAIL_MAX, PASSWORD_MAX, PASSWORD_MIN, PERSON_NAME_MAX } from "./vocabulary";

/** Shared by the sign-in / register forms and the auth API (docs/architecture.md §4 "Sessions and accounts"). */

export { BUSINESS_NAME_MAX, EMAIL_MAX, PASSWORD_MAX, PASSWORD_MIN, PERSON_NAME_MAX };

export const emailSchema = z
  .string({ error: "Email is required." })
  .trim()
  .min(1, "Email is required.")
  .max(EMAIL_MAX, `Email must be at most ${EMAIL_MAX} characters.`)
  .pipe(z.email("Enter a valid email address."));

// Length only, no composition rules (NIST SP 800-63B); never trimmed: spaces are characters too.
export const passwordSchema = z
  .string({ error: "Password is required." })
  .min(PASSWORD_MIN, `Password must be at least ${PASSWORD_MIN} characters.`)
  .max(PASSWORD_MAX, `Password must be at most ${PASSWORD_MAX} characters.`);

export const personNameSchema = z
  .string({ error: "Name is required." })
  .trim()
  .min(1, "Name is required.")
  .max(PERSON_NAME_MAX, `Name must be at most ${PERSON_NAME_MAX} characters.`)
  .refine(isSingleLine, `Name ${SINGLE_LINE_MESSAGE}`);

export const businessNameSchema = z
  .string({ error: "Business name is required." })
  .trim()
  .min(1, "Business name is required.")
  .max(BUSINESS_NAME_MAX, `Business name must be at most ${BUSINESS_NAME_MAX} characters.`)
  .refine(isSingleLine, `Business name ${SINGLE_LINE_MESSAGE}`);

export const inviteCodeSchema = z
  .string({ error: "Invite code is required." })
  .trim()
  .min(1, "Invite code is required.")
  .max(200, "That invite code is not valid.");

export const loginSchema = z.object({
  email: emailSchema,
  // Any length is checked against the hash, so a too-short guess is simply "wrong", not a hint.
  password: z.string({ error: "Password is required." }).min(1, "Password is required.").max(1024, "Password is too long."),
});

/** The API takes either a business name (create a business) or an invite code (join one), never both. */
export const registerSchema = z
  .object({
    email: emailSchema,
    password: passwordSchema,
    name: personNameSchema,
    businessName: businessNameSchema.optional(),
    inviteCode: inviteCodeSchema.optional(),
  })
  .superRefine((value, ctx) => {
    if (value.businessName === undefined && value.inviteCode === undefined) {
      ctx.addIssue({ code: "custom", path: ["businessName"], message: "Give a business name to create a business, or an invite code to join one." });
    }
    if (value.businessName !== undefined && value.inviteCode !== undefined) {
      ctx.addIssue({ code: "custom", path: ["inviteCode"], message: "Give either a business name or an invite code, not both." });
    }
  });

export const refreshSchema = z.object({
  refresh: z.string({ error: "refresh is required." }).min(1, "refresh is required.").max(512, "refresh is not valid."),
});

export const changePasswordSchema = z
  .object({
    currentPassword: z.string({ error: "Current password is required." }).min(1, "Current password is required.").max(1024, "Password is too long."),
    newPassword: passwordSchema,
  })
  .strict();

export const forgotPasswordSchema = z.object({ email: emailSchema }).strict();

export const resetPasswordSchema = z
  .object({
    token: z.string({ error: "token is required." }).trim().min(1, "token is required.").max(512, "token is not valid."),
    password: passwordSchema,
  })
  .strict();

export const updateProfileSchema = z
  .object({
    name: personNameSchema.optional(),
    email: emailSchema.optional(),
    // Needed only to change the email.
    currentPassword: z.string().min(1, "Current password is required.").max(1024, "Password is too long.").optional(),
  })
  .strict()
  .refine((value) => value.name !== undefined || value.email !== undefined, { message: "Give a name or an email to change." });

export const confirmEmailChangeSchema = z
  .object({ token: z.string({ error: "token is required." }).trim().min(1, "token is required.").max(512, "token is not valid.") })
  .strict();

export type ChangePasswordInput = z.infer<typeof changePasswordSchema>;
export type ResetPasswordInput = z.infer<typeof resetPasswordSchema>;
export type ConfirmEmailChangeInput = z.infer<typeof confirmEmailChangeSchema>;
export type UpdateProfileInput = z.infer<typeof updateProfileSchema>;
export type LoginInput = z.infer<typeof loginSchema>;
export type RegisterInput = z.infer<typeof registerSchema>;

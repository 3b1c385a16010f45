import { zodResolver } from "@hookform/resolvers/zod";
import { z } from "zod";
import { emailSchema, passwordSchema, personNameSchema } from "@/lib/auth/schemas";

/** The account page's two forms' validation, loaded after the page is up (components/account/account-view.tsx). */
export const profileSchema = z.object({ name: personNameSchema, email: emailSchema, currentPassword: z.string().max(1024) });

export const passwordFormSchema = z
  .object({
    currentPassword: z.string().min(1, "Current password is required."),
    newPassword: passwordSchema,
    confirmPassword: z.string(),
  })
  .refine((value) => value.newPassword === value.confirmPassword, { path: ["confirmPassword"], message: "The two passwords differ." });

export const profileResolver = zodResolver(profileSchema);
export const passwordResolver = zodResolver(passwordFormSchema);

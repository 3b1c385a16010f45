import { loginSchema, type LoginInput } from "@/lib/auth/schemas";

export type LoginFieldErrors = Partial<Record<keyof LoginInput, string>>;
export type LoginCheck = { values: LoginInput } | { errors: LoginFieldErrors };

/** The sign-in form's validation, loaded after the form is up (components/auth/login-form.tsx): the values, or each field's first problem. */
export function checkLogin(values: Record<keyof LoginInput, string>): LoginCheck {
  const parsed = loginSchema.safeParse(values);
  if (parsed.success) return { values: parsed.data };
  const errors: LoginFieldErrors = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0];
    if ((field === "email" || field === "password") && !errors[field]) errors[field] = issue.message;
  }
  return { errors };
}

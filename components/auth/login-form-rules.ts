import { zodResolver } from "@hookform/resolvers/zod";
import { loginSchema } from "@/lib/auth/schemas";

/** The sign-in form's validation, loaded after the form is up (components/auth/login-form.tsx). */
export const loginResolver = zodResolver(loginSchema);

import type { LoginPageQuery } from "@/lib/auth/login-page";
import { AuthCard } from "./auth-card";
import { LoginForm } from "./login-form";

/** /login's content under either router. */
export function LoginPageView(query: LoginPageQuery) {
  return (
    <AuthCard
      title="Sign in"
      description="Use your work email and password."
      other={{ prompt: "New here?", href: "/register", label: "Create an account" }}
    >
      <LoginForm {...query} />
    </AuthCard>
  );
}

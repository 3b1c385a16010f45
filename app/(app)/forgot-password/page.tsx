import type { Metadata } from "next";
import { AuthCard } from "@/components/auth/auth-card";
import { ForgotPasswordForm } from "@/components/auth/forgot-password-form";

export const metadata: Metadata = { title: "Forgot password" };

export default function ForgotPasswordPage() {
  return (
    <AuthCard
      title="Forgot your password?"
      description="Enter the email you sign in with. We will send a link to choose a new password; it works once, for 30 minutes."
      other={{ prompt: "Remembered it?", href: "/login", label: "Sign in" }}
    >
      <ForgotPasswordForm />
    </AuthCard>
  );
}

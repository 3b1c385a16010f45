import type { Metadata } from "next";
import { AuthCard } from "@/components/auth/auth-card";
import { ResetPasswordForm } from "@/components/auth/reset-password-form";

export const metadata: Metadata = { title: "Choose a new password", referrer: "no-referrer" };

export default function ResetPasswordPage() {
  return (
    <AuthCard
      title="Choose a new password"
      description="Every session of your account is signed out once it is set."
      other={{ prompt: "Link expired?", href: "/forgot-password", label: "Ask for a new one" }}
    >
      <ResetPasswordForm />
    </AuthCard>
  );
}

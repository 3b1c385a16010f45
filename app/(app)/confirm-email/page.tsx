import type { Metadata } from "next";
import { AuthCard } from "@/components/auth/auth-card";
import { ConfirmEmail } from "@/components/auth/confirm-email";

export const metadata: Metadata = { title: "Confirm your new email", referrer: "no-referrer" };

export default function ConfirmEmailPage() {
  return (
    <AuthCard
      title="Confirm your new email"
      description="It becomes the address you sign in with and where reset links go."
      other={{ prompt: "Did not ask for this?", href: "/account", label: "Review your account" }}
    >
      <ConfirmEmail />
    </AuthCard>
  );
}

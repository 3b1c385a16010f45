import type { Metadata } from "next";
import { Suspense } from "react";
import { AuthCard } from "@/components/auth/auth-card";
import { RegisterForm } from "@/components/auth/register-form";

export const metadata: Metadata = { title: "Create account" };

export default function RegisterPage() {
  return (
    <AuthCard
      title="Create your account"
      description="Start a business on Product Assistant, or join one you were invited to."
      other={{ prompt: "Already have an account?", href: "/login", label: "Sign in" }}
    >
      <Suspense>
        <RegisterForm />
      </Suspense>
    </AuthCard>
  );
}

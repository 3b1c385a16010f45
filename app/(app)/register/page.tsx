import type { Metadata } from "next";
import { Suspense } from "react";
import { AuthCard } from "@/components/auth/auth-card";
import { RegisterForm, type Invitation } from "@/components/auth/register-form";
import { describeInvite } from "@/lib/users/service";

// An invite link carries its code in the query: it is not handed on to other sites.
export const metadata: Metadata = { title: "Create account", referrer: "no-referrer" };

export default async function RegisterPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const code = (await searchParams).invite;
  // An invite link: the page names the business and the role, and fills in the address it is for.
  const invitation: Invitation | undefined = typeof code === "string" && code !== "" ? await describeInvite(code) : undefined;
  return (
    <AuthCard
      title={invitation ? `Join ${invitation.businessName}` : "Create your account"}
      description={invitation ? "Create your account to join your team on Product Assistant." : "Start a business on Product Assistant, or join one you were invited to."}
      other={{ prompt: "Already have an account?", href: "/login", label: "Sign in" }}
    >
      <Suspense>
        <RegisterForm invitation={invitation} />
      </Suspense>
    </AuthCard>
  );
}

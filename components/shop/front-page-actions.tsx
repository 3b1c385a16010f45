"use client";

import Link from "next/link";
import { buttonClasses } from "@/components/ui";
import { useAuth } from "@/hooks/use-auth";
import { ROLE_HOME } from "@/lib/auth/page-access";

/** Sign in and sign up, or — for a member already signed in — the way back to their workspace. */
export function FrontPageActions() {
  const { status, role } = useAuth();
  if (status === "authenticated" && role) {
    return (
      <div className="flex flex-wrap gap-3">
        <Link href={ROLE_HOME[role]} className={buttonClasses()}>
          Open your workspace
        </Link>
        <Link href="/catalog" className={buttonClasses({ variant: "secondary" })}>
          Browse every product
        </Link>
      </div>
    );
  }
  return (
    <div className="flex flex-wrap gap-3">
      <Link href="/register" className={buttonClasses()}>
        Create an account
      </Link>
      <Link href="/login" className={buttonClasses({ variant: "secondary" })}>
        Sign in
      </Link>
    </div>
  );
}

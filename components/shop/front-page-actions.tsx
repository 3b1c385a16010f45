import Link from "next/link";
import type { Role } from "@/db/schema";
import { buttonClasses } from "@/components/ui/button";
import { ROLE_HOME } from "@/lib/auth/page-access";

/** Sign in and sign up, or — for a member already signed in (`role`, as the server read it) — the way back to their workspace. */
export function FrontPageActions({ role }: { role: Role | null }) {
  if (role) {
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

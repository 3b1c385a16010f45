"use client";

import { usePathname, useRouter } from "next/navigation";
import { useEffect, type ReactNode } from "react";
import { Spinner } from "@/components/ui";
import { useAuth } from "@/hooks/use-auth";
import { ROLE_HOME } from "@/lib/auth/role-home";

/**
 * Renders admin pages for admins only; anyone else is sent to their home (DESIGN.md §4).
 * The API enforces the same rule, so this only spares other roles a page of 403s.
 */
export function AdminOnly({ children }: { children: ReactNode }) {
  const { status, role } = useAuth();
  const router = useRouter();
  const pathname = usePathname();

  useEffect(() => {
    if (status === "unauthenticated") router.replace(`/login?callbackUrl=${encodeURIComponent(pathname)}`);
    else if (status === "authenticated" && role && role !== "admin") router.replace(ROLE_HOME[role]);
  }, [status, role, router, pathname]);

  if (status !== "authenticated" || role !== "admin") {
    return (
      <div className="flex justify-center py-16" aria-busy="true">
        <Spinner label="Loading" />
      </div>
    );
  }
  return <>{children}</>;
}

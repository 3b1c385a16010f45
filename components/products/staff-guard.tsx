"use client";

import { usePathname, useRouter } from "next/navigation";
import { useEffect, type ReactNode } from "react";
import type { Role } from "@/db/schema";
import { Skeleton } from "@/components/ui";
import { useAuth } from "@/hooks/use-auth";
import { ROLE_HOME } from "@/lib/auth/role-home";

/**
 * Renders children only for the given roles: signed-out visitors go to /login, other roles to
 * their home (DESIGN.md §4). The API checks permissions again; this only spares a useless page.
 */
export function RoleGuard({ roles, children }: { roles: readonly Role[]; children: ReactNode }) {
  const { status, role } = useAuth();
  const router = useRouter();
  const pathname = usePathname();
  const allowed = status === "authenticated" && role !== null && roles.includes(role);

  useEffect(() => {
    if (status === "unauthenticated") router.replace(`/login?callbackUrl=${encodeURIComponent(pathname)}`);
    else if (status === "authenticated" && role && !roles.includes(role)) router.replace(ROLE_HOME[role]);
  }, [status, role, roles, router, pathname]);

  if (!allowed) {
    return (
      <div aria-busy="true" aria-label="Loading" className="space-y-3">
        <Skeleton className="h-8 w-48" />
        <Skeleton className="h-40 w-full" />
      </div>
    );
  }
  return <>{children}</>;
}

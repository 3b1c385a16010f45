"use client";

import { useRouter } from "next/navigation";
import { useEffect, type ReactNode } from "react";
import { Skeleton } from "@/components/ui";
import { useAuth } from "@/hooks/use-auth";
import { canOpenPage, ROLE_HOME } from "@/lib/auth/page-access";
import { useAppPathname } from "@/hooks/use-app-route";

/**
 * Renders a private page only for the roles the page table (lib/auth/page-access.ts) lets open it:
 * signed-out visitors go to /login, other roles to their home. proxy.ts redirects first from the same
 * table; this covers client-side navigation. The API checks permissions again regardless.
 */
export function RoleGuard({ children }: { children: ReactNode }) {
  const { status, role } = useAuth();
  const router = useRouter();
  const pathname = useAppPathname();
  const allowed = status === "authenticated" && role !== null && canOpenPage({ pathname, role });

  useEffect(() => {
    if (status === "unauthenticated") router.replace(`/login?callbackUrl=${encodeURIComponent(pathname)}`);
    else if (status === "authenticated" && role && !canOpenPage({ pathname, role })) router.replace(ROLE_HOME[role]);
  }, [status, role, router, pathname]);

  if (!allowed) {
    return (
      <div role="status" aria-busy="true" aria-label="Loading" className="space-y-3">
        <Skeleton className="h-8 w-48" />
        <Skeleton className="h-40 w-full" />
      </div>
    );
  }
  return <>{children}</>;
}

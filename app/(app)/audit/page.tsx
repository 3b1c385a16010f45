import type { Metadata } from "next";
import { Suspense } from "react";
import { AuditView } from "@/components/audit/audit-view";
import { RoleGuard } from "@/components/auth/role-guard";

export const metadata: Metadata = { title: "Audit log" };

export default function AuditPage() {
  return (
    <RoleGuard>
      {/* useSearchParams needs a boundary: the filters live in the URL so a view can be shared. */}
      <Suspense>
        <AuditView />
      </Suspense>
    </RoleGuard>
  );
}

import type { Metadata } from "next";
import { Suspense } from "react";
import { AuditView } from "@/components/audit/audit-view";
import { RoleGuard } from "@/components/products/staff-guard";

const ADMIN = ["admin"] as const;

export const metadata: Metadata = { title: "Audit log" };

export default function AuditPage() {
  return (
    <RoleGuard roles={ADMIN}>
      {/* useSearchParams needs a boundary: the filters live in the URL so a view can be shared. */}
      <Suspense>
        <AuditView />
      </Suspense>
    </RoleGuard>
  );
}

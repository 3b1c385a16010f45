import type { Metadata } from "next";
import { RoleGuard } from "@/components/auth/role-guard";
import { ApprovalsView } from "@/components/products/approvals-view";

export const metadata: Metadata = { title: "Approvals" };

export default function ApprovalsPage() {
  return (
    <RoleGuard>
      <ApprovalsView />
    </RoleGuard>
  );
}

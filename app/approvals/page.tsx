import type { Metadata } from "next";
import { ApprovalsView } from "@/components/products/approvals-view";
import { RoleGuard } from "@/components/products/staff-guard";

export const metadata: Metadata = { title: "Approvals" };

export default function ApprovalsPage() {
  return (
    <RoleGuard roles={["admin", "approver"]}>
      <ApprovalsView />
    </RoleGuard>
  );
}

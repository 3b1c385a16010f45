import type { Metadata } from "next";
import { RoleGuard } from "@/components/auth/role-guard";
import { DashboardView } from "@/components/dashboard/dashboard-view";

export const metadata: Metadata = { title: "Dashboard" };

export default function DashboardPage() {
  return (
    <RoleGuard>
      <DashboardView />
    </RoleGuard>
  );
}

import type { Metadata } from "next";
import { RoleGuard } from "@/components/products/staff-guard";
import { DashboardView } from "@/components/dashboard/dashboard-view";

const ADMIN = ["admin"] as const;

export const metadata: Metadata = { title: "Dashboard" };

export default function DashboardPage() {
  return (
    <RoleGuard roles={ADMIN}>
      <DashboardView />
    </RoleGuard>
  );
}

import type { Metadata } from "next";
import { AdminOnly } from "@/components/dashboard/admin-only";
import { DashboardView } from "@/components/dashboard/dashboard-view";

export const metadata: Metadata = { title: "Dashboard" };

export default function DashboardPage() {
  return (
    <AdminOnly>
      <DashboardView />
    </AdminOnly>
  );
}

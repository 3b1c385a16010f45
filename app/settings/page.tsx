import type { Metadata } from "next";
import { RoleGuard } from "@/components/products/staff-guard";
import { SettingsView } from "@/components/settings/settings-view";

const ADMIN = ["admin"] as const;

export const metadata: Metadata = { title: "Settings" };

export default function SettingsPage() {
  return (
    <RoleGuard roles={ADMIN}>
      <SettingsView />
    </RoleGuard>
  );
}

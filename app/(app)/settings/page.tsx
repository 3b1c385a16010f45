import type { Metadata } from "next";
import { RoleGuard } from "@/components/auth/role-guard";
import { SettingsView } from "@/components/settings/settings-view";

export const metadata: Metadata = { title: "Settings" };

export default function SettingsPage() {
  return (
    <RoleGuard>
      <SettingsView />
    </RoleGuard>
  );
}

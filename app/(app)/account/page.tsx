import type { Metadata } from "next";
import { AccountView } from "@/components/account/account-view";
import { RoleGuard } from "@/components/auth/role-guard";

export const metadata: Metadata = { title: "Your account" };

export default function AccountPage() {
  return (
    <RoleGuard>
      <AccountView />
    </RoleGuard>
  );
}

import type { Metadata } from "next";
import { RoleGuard } from "@/components/auth/role-guard";
import { UsersView } from "@/components/users/users-view";

export const metadata: Metadata = { title: "Users" };

export default function UsersPage() {
  return (
    <RoleGuard>
      <UsersView />
    </RoleGuard>
  );
}

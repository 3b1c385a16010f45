import type { Metadata } from "next";
import { RoleGuard } from "@/components/auth/role-guard";
import { PendingInvites } from "@/components/users/pending-invites";
import { UsersView } from "@/components/users/users-view";

export const metadata: Metadata = { title: "Users" };

export default function UsersPage() {
  return (
    <RoleGuard>
      <div className="space-y-8">
        <UsersView />
        <PendingInvites />
      </div>
    </RoleGuard>
  );
}

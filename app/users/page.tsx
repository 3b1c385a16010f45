import type { Metadata } from "next";
import { RoleGuard } from "@/components/products/staff-guard";
import { UsersView } from "@/components/users/users-view";

export const metadata: Metadata = { title: "Users" };

export default function UsersPage() {
  return (
    <RoleGuard roles={["admin"]}>
      <UsersView />
    </RoleGuard>
  );
}

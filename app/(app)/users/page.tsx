import { HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { RoleGuard } from "@/components/auth/role-guard";
import { PendingInvites } from "@/components/users/pending-invites";
import { UsersView } from "@/components/users/users-view";
import { listAsApi, prefetchPageData } from "@/lib/pages/prefetch";
import { getViewerOf } from "@/lib/pages/viewer";
import { inviteKeys, userKeys, USERS_PAGE_SIZE } from "@/lib/query-keys";
import { listInvitesQuerySchema, listUsersQuerySchema } from "@/lib/users/schemas";
import { listInvites, listUsers } from "@/lib/users/service";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const viewer = await getViewerOf("/users");
  // The first page of the people and of the pending invites, as the page's hooks ask for them.
  const users = listUsersQuerySchema.parse({ page: 1, pageSize: USERS_PAGE_SIZE });
  const invites = listInvitesQuerySchema.parse({ page: 1 });
  const firstData = await prefetchPageData(
    viewer
      ? [
          {
            key: userKeys.list({ page: users.page, pageSize: users.pageSize }),
            load: () => listAsApi("/api/users", { page: users.page, pageSize: users.pageSize }, () => listUsers(viewer.actor, users)),
          },
          {
            key: inviteKeys.list(invites.page),
            load: () => listAsApi("/api/invites", { page: invites.page, pageSize: invites.pageSize }, () => listInvites(viewer.actor, invites)),
          },
        ]
      : [],
  );
  return (
    <HydrationBoundary state={firstData}>
      <RoleGuard>
        <div className="space-y-8">
          <UsersView />
          <PendingInvites />
        </div>
      </RoleGuard>
    </HydrationBoundary>
  );
}

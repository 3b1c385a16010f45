import type { Metadata } from "next";
import { Suspense } from "react";
import { RoleGuard } from "@/components/auth/role-guard";
import { InboxView } from "@/components/inbox/inbox-view";

export const metadata: Metadata = { title: "Inbox" };

export default function InboxPage() {
  return (
    <RoleGuard>
      {/* useSearchParams needs a boundary: the filters and the open conversation live in the URL so a view can be shared. */}
      <Suspense>
        <InboxView />
      </Suspense>
    </RoleGuard>
  );
}

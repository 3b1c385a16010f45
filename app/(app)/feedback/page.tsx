import type { Metadata } from "next";
import { Suspense } from "react";
import { RoleGuard } from "@/components/auth/role-guard";
import { FeedbackView } from "@/components/feedback/feedback-view";

export const metadata: Metadata = { title: "Feedback" };

export default function FeedbackPage() {
  return (
    <RoleGuard>
      {/* useSearchParams needs a boundary: the tab, filter and page live in the URL so a view can be shared. */}
      <Suspense>
        <FeedbackView />
      </Suspense>
    </RoleGuard>
  );
}

"use client";

import type { Session } from "next-auth";
import { SessionProvider, useSession } from "next-auth/react";
import { useEffect } from "react";

export type SessionStatus = "authenticated" | "unauthenticated";

/**
 * next-auth's session provider, loaded after the page is up and beside the app rather than around it:
 * it keeps the tab's session in step with the others (a sign-out in one signs every tab out) and with
 * next-auth's own sign-in and sign-out, and reports each change of status to the auth context.
 */
export default function SessionSync({ session, onStatus }: { session: Session | null; onStatus: (status: SessionStatus) => void }) {
  return (
    <SessionProvider session={session} refetchOnWindowFocus={false}>
      <ReportStatus onStatus={onStatus} />
    </SessionProvider>
  );
}

function ReportStatus({ onStatus }: { onStatus: (status: SessionStatus) => void }) {
  const { status } = useSession();
  useEffect(() => {
    if (status !== "loading") onStatus(status);
  }, [status, onStatus]);
  return null;
}

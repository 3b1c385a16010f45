"use client";

import { HydrationBoundary, QueryClient, QueryClientProvider, type DehydratedState } from "@tanstack/react-query";
import type { Session } from "next-auth";
import dynamic from "next/dynamic";
import { useEffect, useState, type ReactNode } from "react";
import { Toaster } from "@/components/ui/toaster";
import { AuthProvider, useAuth } from "@/hooks/use-auth";
import { preloadApiClient } from "@/lib/api-client";

// The live-event stream and the caches it updates (chat, inbox, files, with their schemas) are loaded
// only once a member is signed in: a visitor's page never downloads them.
const LiveEvents = dynamic(() => import("@/components/layout/live-events"), { ssr: false });

/**
 * `session` is who is signed in and `firstData` what every page shows of them (the member, their
 * business), as the server read them while rendering the page (null: a visitor): the tab starts with
 * them instead of asking for them after it has loaded.
 */
export function Providers({
  children,
  session,
  firstData,
  notice,
}: {
  children: ReactNode;
  session: Session | null;
  firstData: DehydratedState | null;
  /** A toast the server sends with the page. */
  notice?: string | null;
}) {
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: { staleTime: 15_000, retry: (count, error) => count < 2 && !isClientError(error), refetchOnWindowFocus: false },
        },
      }),
  );
  // The page arrived with its data; the HTTP client it needs for the next request loads behind it.
  useEffect(() => {
    void preloadApiClient();
  }, []);
  return (
    <QueryClientProvider client={queryClient}>
      <HydrationBoundary state={firstData}>
        <AuthProvider session={session}>
          <LiveEventsWhenSignedIn />
          {children}
          <Toaster notice={notice} />
        </AuthProvider>
      </HydrationBoundary>
    </QueryClientProvider>
  );
}

function LiveEventsWhenSignedIn() {
  return useAuth().status === "authenticated" ? <LiveEvents /> : null;
}

function isClientError(error: unknown): boolean {
  const status = (error as { response?: { status?: number } })?.response?.status;
  return typeof status === "number" && status >= 400 && status < 500;
}

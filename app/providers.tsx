"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import type { Session } from "next-auth";
import { SessionProvider } from "next-auth/react";
import dynamic from "next/dynamic";
import { useState, type ReactNode } from "react";
import { Toaster } from "@/components/ui/toaster";
import { AuthProvider, ME_QUERY_KEY, useAuth, type Me } from "@/hooks/use-auth";

// The live-event stream and the caches it updates (chat, inbox, files, with their schemas) are loaded
// only once a member is signed in: a visitor's page never downloads them.
const LiveEvents = dynamic(() => import("@/components/layout/live-events"), { ssr: false });

/**
 * `session` and `me` are who is signed in, as the server read them while rendering the page (null: a
 * visitor): the tab starts with them instead of asking for them after it has loaded.
 */
export function Providers({ children, session, me }: { children: ReactNode; session: Session | null; me: Me | null }) {
  const [queryClient] = useState(() => {
    const client = new QueryClient({
      defaultOptions: {
        queries: { staleTime: 15_000, retry: (count, error) => count < 2 && !isClientError(error), refetchOnWindowFocus: false },
      },
    });
    if (me) client.setQueryData(ME_QUERY_KEY, me);
    return client;
  });
  return (
    <SessionProvider session={session} refetchOnWindowFocus={false}>
      <QueryClientProvider client={queryClient}>
        <AuthProvider>
          <LiveEventsWhenSignedIn />
          {children}
          <Toaster />
        </AuthProvider>
      </QueryClientProvider>
    </SessionProvider>
  );
}

function LiveEventsWhenSignedIn() {
  return useAuth().status === "authenticated" ? <LiveEvents /> : null;
}

function isClientError(error: unknown): boolean {
  const status = (error as { response?: { status?: number } })?.response?.status;
  return typeof status === "number" && status >= 400 && status < 500;
}

"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { SessionProvider } from "next-auth/react";
import { useState, type ReactNode } from "react";
import { Toaster } from "@/components/ui/toaster";
import { AuthProvider } from "@/hooks/use-auth";
import { useLiveEvents } from "@/hooks/use-live-events";

export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: { staleTime: 15_000, retry: (count, error) => count < 2 && !isClientError(error), refetchOnWindowFocus: false },
        },
      }),
  );
  return (
    <SessionProvider refetchOnWindowFocus={false}>
      <QueryClientProvider client={queryClient}>
        <AuthProvider>
          <LiveEvents />
          {children}
          <Toaster />
        </AuthProvider>
      </QueryClientProvider>
    </SessionProvider>
  );
}

/** What other tabs and the server change reaches this tab while a member is signed in. */
function LiveEvents() {
  useLiveEvents();
  return null;
}

function isClientError(error: unknown): boolean {
  const status = (error as { response?: { status?: number } })?.response?.status;
  return typeof status === "number" && status >= 400 && status < 500;
}

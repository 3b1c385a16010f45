"use client";

import type { DehydratedState } from "@tanstack/react-query";
import type { Session } from "next-auth";
import type { ReactNode } from "react";
import { AppNav } from "./app-nav";
import { MainContent } from "./main-content";
import { Providers } from "./providers";
import { RouteFocus } from "./route-focus";
import type { RenderedTime } from "@/lib/time-zone";
import { RenderedTimeProvider } from "./time-zone";

/**
 * The app around a page for whoever may be signed in: the session, the query cache with the page's
 * first data, the live events, the toasts and the members' navigation.
 */
export function AppShell({
  children,
  session,
  firstData,
  time,
  notice,
}: {
  children: ReactNode;
  session: Session | null;
  firstData: DehydratedState | null;
  /** The zone the server renders dates in and the instant of its render (lib/time-zone.ts). */
  time: RenderedTime;
  /** Said in a toast as the page arrives: why this page and not the one asked for (app/(app)/layout.tsx). */
  notice?: string | null;
}) {
  return (
    <RenderedTimeProvider rendered={time}>
      <Providers session={session} firstData={firstData} notice={notice}>
        <AppNav />
        <RouteFocus />
        <MainContent>{children}</MainContent>
      </Providers>
    </RenderedTimeProvider>
  );
}

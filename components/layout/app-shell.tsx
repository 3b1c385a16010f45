"use client";

import type { DehydratedState } from "@tanstack/react-query";
import type { Session } from "next-auth";
import type { ReactNode } from "react";
import { AppNav } from "./app-nav";
import { MainContent } from "./main-content";
import { Providers } from "./providers";
import { RouteFocus } from "./route-focus";
import { TimeZoneProvider } from "./time-zone";

/**
 * The app around a page for whoever may be signed in: the session, the query cache with the page's
 * first data, the live events, the toasts and the members' navigation.
 */
export function AppShell({
  children,
  session,
  firstData,
  timeZone,
}: {
  children: ReactNode;
  session: Session | null;
  firstData: DehydratedState | null;
  /** The zone the server renders dates in (lib/time-zone.ts). */
  timeZone: string;
}) {
  return (
    <TimeZoneProvider rendered={timeZone}>
      <Providers session={session} firstData={firstData}>
        <AppNav />
        <RouteFocus />
        <MainContent>{children}</MainContent>
      </Providers>
    </TimeZoneProvider>
  );
}

import type { ReactNode } from "react";
import { AppShell } from "@/components/layout/app-shell";
import { getPageViewer, pageTime, viewerShellData } from "@/lib/pages/viewer";

/** The members' pages and the sign-in pages: the app shell, with the signed-in member (if any) and their first data. */
export default async function AppLayout({ children }: { children: ReactNode }) {
  const viewer = await getPageViewer();
  return (
    <AppShell session={viewer?.session ?? null} firstData={viewer ? await viewerShellData(viewer) : null} time={await pageTime()}>
      {children}
    </AppShell>
  );
}

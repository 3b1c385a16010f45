import { headers } from "next/headers";
import type { ReactNode } from "react";
import { AppShell } from "@/components/layout/app-shell";
import { REFUSED_PAGE_HEADER, refusedPageNotice } from "@/lib/auth/refused-page";
import { getPageViewer, pageTime, viewerShellData } from "@/lib/pages/viewer";

/**
 * The members' pages and the sign-in pages: the app shell, with the signed-in member (if any) and their
 * first data, and, on a role's start page right after the proxy sent the user there from a page their
 * role may not open, a notice saying so (lib/auth/refused-page.ts).
 */
export default async function AppLayout({ children }: { children: ReactNode }) {
  const viewer = await getPageViewer();
  const refused = (await headers()).get(REFUSED_PAGE_HEADER);
  return (
    <AppShell
      session={viewer?.session ?? null}
      firstData={viewer ? await viewerShellData(viewer) : null}
      time={await pageTime()}
      notice={refused ? refusedPageNotice(refused) : null}
    >
      {children}
    </AppShell>
  );
}

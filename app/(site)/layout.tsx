import type { ReactNode } from "react";
import { MemberShell } from "@/components/layout/member-shell";
import { SiteShell } from "@/components/layout/site-shell";
import { getPageViewer, pageTime, viewerShellData } from "@/lib/pages/viewer";

/**
 * The public pages (the front page, the catalog, the storefronts, the sign-in page): a signed-in member
 * gets them in the app shell (their navigation, balance and buy box; the proxy sends them on from
 * /login); a visitor gets the site shell, server-rendered, without the app's client code.
 */
export default async function SiteLayout({ children }: { children: ReactNode }) {
  const viewer = await getPageViewer();
  if (!viewer) return <SiteShell>{children}</SiteShell>;
  return (
    <MemberShell session={viewer.session} firstData={await viewerShellData(viewer)} time={await pageTime()}>
      {children}
    </MemberShell>
  );
}

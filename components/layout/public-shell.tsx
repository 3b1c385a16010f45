import type { ReactNode } from "react";
import { getPageViewer, viewerShellData } from "@/lib/pages/viewer";
import { MemberShell } from "./member-shell";
import { SiteShell } from "./site-shell";

/**
 * A public page's shell: a signed-in member gets the app shell (their navigation, balance and buy box);
 * a visitor gets the site shell, server-rendered, without the app's client code.
 */
export async function PublicShell({ children }: { children: ReactNode }) {
  const viewer = await getPageViewer();
  if (!viewer) return <SiteShell>{children}</SiteShell>;
  return (
    <MemberShell session={viewer.session} firstData={await viewerShellData(viewer)}>
      {children}
    </MemberShell>
  );
}

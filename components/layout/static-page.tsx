import type { ReactNode } from "react";
import type { PageHead } from "@/lib/pages/page-head";
import { StaticSiteShell } from "./site-shell";
import { StaticPageHead } from "./static-page-head";

/** A visitor's page without script (pages/visitor): its head, the visitor's header, the page. */
export function StaticPage({ head, children }: { head: PageHead; children: ReactNode }) {
  return (
    <>
      <StaticPageHead head={head} />
      <StaticSiteShell>{children}</StaticSiteShell>
    </>
  );
}

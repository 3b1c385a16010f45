import type { ReactNode } from "react";
import type { PageHead } from "@/lib/pages/page-head";
import { StaticSiteShell } from "./site-shell";
import { StaticPageHead } from "./static-page-head";

/** A visitor's page under the Pages Router (pages/visitor): its head, the visitor's header, the page. */
export function StaticPage({ head, signInPage, children }: { head: PageHead; signInPage?: boolean; children: ReactNode }) {
  return (
    <>
      <StaticPageHead head={head} />
      <StaticSiteShell signInPage={signInPage}>{children}</StaticSiteShell>
    </>
  );
}

import type { ReactNode } from "react";
import { MainContent } from "./main-content";
import { BrandLink, headerClass, mainNavClass } from "./nav-parts";
import { RouteFocus } from "./route-focus";
import { VisitorActions } from "./visitor-actions";
import { VisitorLinks } from "./visitor-links";

/** The header a visitor sees above a public page, with the page under it. */
function SiteFrame({ actions, children }: { actions: ReactNode; children: ReactNode }) {
  return (
    <>
      <header className={headerClass}>
        <nav aria-label="Main" className={mainNavClass}>
          <BrandLink />
          <span className="flex-1" />
          {actions}
        </nav>
      </header>
      <MainContent>{children}</MainContent>
    </>
  );
}

/**
 * A public page as a visitor sees it under the App Router (the sign-in page, and a public page for a
 * session cookie the proxy let through): the same header the app shows someone signed out, rendered on
 * the server, with no client state behind it (nothing to sign out of, no balance to follow).
 */
export function SiteShell({ children }: { children: ReactNode }) {
  return (
    <>
      <RouteFocus />
      <SiteFrame actions={<VisitorActions />}>{children}</SiteFrame>
    </>
  );
}

/**
 * The same for a visitor's page under the Pages Router (pages/visitor), rendered once on the server:
 * the sign-in page says it is one (`signInPage`), since nothing there reads the address.
 */
export function StaticSiteShell({ signInPage = false, children }: { signInPage?: boolean; children: ReactNode }) {
  return <SiteFrame actions={<VisitorLinks signIn={!signInPage} />}>{children}</SiteFrame>;
}

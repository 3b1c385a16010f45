import type { ReactNode } from "react";
import { MainContent } from "./main-content";
import { BrandLink, headerClass, mainNavClass } from "./nav-parts";
import { RouteFocus } from "./route-focus";
import { VisitorActions } from "./visitor-actions";

/**
 * A public page as a visitor sees it: the same header the app shows someone signed out, rendered on
 * the server, with no client state behind it (nothing to sign out of, no balance to follow).
 */
export function SiteShell({ children }: { children: ReactNode }) {
  return (
    <>
      <header className={headerClass}>
        <nav aria-label="Main" className={mainNavClass}>
          <BrandLink />
          <span className="flex-1" />
          <VisitorActions />
        </nav>
      </header>
      <RouteFocus />
      <MainContent>{children}</MainContent>
    </>
  );
}

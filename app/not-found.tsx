import type { Metadata } from "next";
import { headerClass, linkClass, mainNavClass } from "@/components/layout/nav-parts";
import { MainContent } from "@/components/layout/main-content";
import { buttonClasses } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

export const metadata: Metadata = { title: "Page not found" };

/**
 * An address no page answers, said plainly. Plain links and no client component: this boundary's
 * scripts would be loaded by every page of the app, not only by the 404.
 */
export default function NotFound() {
  return (
    <>
      <header className={headerClass}>
        <nav aria-label="Main" className={mainNavClass}>
          {/* eslint-disable-next-line @next/next/no-html-link-for-pages -- a plain link: see above */}
          <a href="/" className={`${linkClass} text-base font-semibold text-indigo-600 dark:text-indigo-400`}>
            Product Assistant
          </a>
        </nav>
      </header>
      <MainContent>
        <h1 className="sr-only">Page not found</h1>
        <EmptyState
          title="This page does not exist"
          description="There is no page at this address. It may have moved, or the link may be mistyped."
          action={
            // eslint-disable-next-line @next/next/no-html-link-for-pages -- a plain link: see above
            <a href="/" className={buttonClasses()}>
              Go to the front page
            </a>
          }
          className="mx-auto mt-8 max-w-xl"
        />
      </MainContent>
    </>
  );
}

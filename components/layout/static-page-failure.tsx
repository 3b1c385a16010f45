import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { ErrorState } from "@/components/ui/error-state";
import type { PageFailure } from "@/lib/pages/static-page";
import { StaticPage } from "./static-page";

const FAILURE_HEAD = { title: "This page could not be shown", description: "Something failed while preparing this page.", noindex: true };

/**
 * A visitor's page without script whose data failed to load (answered with 500): said in the app's own
 * words inside the visitor's header, with the reference the server logged, as a member's page says it
 * (components/layout/page-error.tsx). With no script, trying again is the browser's reload.
 */
export function StaticPageFailure({ reference }: PageFailure) {
  return (
    <StaticPage head={FAILURE_HEAD}>
      <h1 className="sr-only">This page could not be shown</h1>
      <ErrorState
        title="This page could not be shown"
        message={`Something failed while preparing it. Reload the page to try again; if it keeps failing, mention the reference ${reference} when you report it.`}
        action={
          <Link href="/" className={buttonClasses({ variant: "secondary", size: "sm" })}>
            Browse storefronts
          </Link>
        }
        className="mx-auto mt-8 max-w-xl"
      />
    </StaticPage>
  );
}

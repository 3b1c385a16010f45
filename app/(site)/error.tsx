"use client";

import { PageError, type PageErrorProps } from "@/components/layout/page-error";

/** A public page that failed to render under the App Router, inside the site's or the member's header. */
export default function SiteRouteError(props: PageErrorProps) {
  return <PageError {...props} />;
}

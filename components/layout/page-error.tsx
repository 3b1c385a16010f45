"use client";

import { ErrorState } from "@/components/ui/error-state";

/** What Next hands a route's error boundary (app/(app)/error.tsx, app/(site)/error.tsx). */
export type PageErrorProps = {
  error: Error & { digest?: string };
  /** Fetches the page's server part again and renders it anew. */
  retry: () => void;
};

/**
 * A page that failed to render, in place of the page and inside the app's header, so the rest of the
 * app stays one click away: code that could not be downloaded asks for a reload (a failed download is
 * not asked for again within the same page), anything else for another try, with the reference the
 * server's log holds for an error of its own.
 */
export function PageError({ error, retry }: PageErrorProps) {
  const download = error.name === "ChunkLoadError";
  const message = download
    ? "Part of the page could not be downloaded. Check your connection, then retry."
    : error.digest
      ? `Something failed while preparing it. Retry; if it keeps failing, tell your admin the reference ${error.digest}.`
      : "Something failed while showing it. Retry; if it keeps failing, reload the page.";
  return (
    <>
      <h1 className="sr-only">This page could not be shown</h1>
      <ErrorState title="This page could not be shown" message={message} onRetry={download ? () => window.location.reload() : retry} />
    </>
  );
}

"use client";

import { Suspense, useEffect, type ReactNode } from "react";
import { ErrorBoundary } from "react-error-boundary";
import { downloadFailures, downloadUntilLanded, type LazyModule } from "@/lib/lazy-module";

/**
 * A part whose code is not in the page's first load, though the server renders it with the page (as the
 * settings' forms are, components/settings/settings-view.tsx): React hydrates the rest of the page, keeps
 * the part's server HTML, and hydrates the part when its chunk arrives — a module read with `use()` under
 * Suspense, which Next does not preload as it does what next/dynamic loads. Shown first in the browser,
 * the part appears once its code is here (the page preloads it before it is needed). While its code
 * cannot be downloaded the part is left out, and the download is tried again until the part can come back.
 */
export function LazyPart<M>({ code, children }: { code: LazyModule<M>; children: (module: M) => ReactNode }) {
  return (
    <ErrorBoundary fallbackRender={({ error, resetErrorBoundary }) => <Unavailable code={code} failure={error} onLoaded={resetErrorBoundary} />}>
      <Suspense fallback={null}>
        <Loaded code={code}>{children}</Loaded>
      </Suspense>
    </ErrorBoundary>
  );
}

function Loaded<M>({ code, children }: { code: LazyModule<M>; children: (module: M) => ReactNode }) {
  return children(code.use());
}

function Unavailable<M>({ code, failure, onLoaded }: { code: LazyModule<M>; failure: unknown; onLoaded: () => void }) {
  useDownloadAgain(code, failure, onLoaded);
  return null;
}

/**
 * For what stands in for code that could not be downloaded: downloads it again, after a wait that grows
 * with each failure (2 s, doubling up to a minute), and calls `onLoaded` once it lands. A
 * `failure` of rendering with the code here is left alone: rendering again would fail again, in a loop.
 */
export function useDownloadAgain<M>(code: LazyModule<M>, failure: unknown, onLoaded: () => void): void {
  useEffect(() => {
    if (!downloadFailures.has(failure as object)) return;
    const gone = new AbortController();
    void downloadUntilLanded(code, gone.signal).then((landed) => landed && onLoaded());
    return () => gone.abort();
  }, [code, failure, onLoaded]);
}

"use client";

import { Suspense, useEffect, type ReactNode } from "react";
import { ErrorBoundary } from "react-error-boundary";
import type { LazyModule } from "@/lib/lazy-module";

/**
 * A part whose code is not in the page's first load, though the server renders it with the page (as the
 * settings' forms are, components/settings/settings-view.tsx): React hydrates the rest of the page, keeps
 * the part's server HTML, and hydrates the part when its chunk arrives — a module read with `use()` under
 * Suspense, which Next does not preload as it does what next/dynamic loads. Shown first in the browser,
 * the part appears once its code is here (the page preloads it before it is needed). While its code
 * cannot be downloaded the part is left out, and it comes back when a new download lands.
 */
export function LazyPart<M>({ code, children }: { code: LazyModule<M>; children: (module: M) => ReactNode }) {
  return (
    <ErrorBoundary fallbackRender={({ resetErrorBoundary }) => <Unavailable code={code} onLoaded={resetErrorBoundary} />}>
      <Suspense fallback={null}>
        <Loaded code={code}>{children}</Loaded>
      </Suspense>
    </ErrorBoundary>
  );
}

function Loaded<M>({ code, children }: { code: LazyModule<M>; children: (module: M) => ReactNode }) {
  return children(code.use());
}

function Unavailable<M>({ code, onLoaded }: { code: LazyModule<M>; onLoaded: () => void }) {
  useDownloadAgain(code, onLoaded);
  return null;
}

/** For what stands in for code that could not be downloaded: downloads it again, and calls `onLoaded` if it lands. */
export function useDownloadAgain<M>(code: LazyModule<M>, onLoaded: () => void): void {
  useEffect(() => {
    let live = true;
    code.preload().then(
      () => live && onLoaded(),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [code, onLoaded]);
}

import { use } from "react";

/** What a person is told when code or an answer could not be fetched. */
export const UNREACHABLE_MESSAGE = "Cannot reach the server. Check your connection.";

export type LazyModule<M> = {
  /** Starts the download once (again after a failure) and resolves with the module. */
  preload(): Promise<M>;
  /**
   * The module, read while rendering: at once when it has landed, else suspends to the nearest
   * `<Suspense>`. After a failed download it throws that failure, to the nearest error boundary, until
   * `preload` starts another: a read never starts a download again by itself, or a render retried on
   * every failure would download in a loop while the network is down.
   */
  use(): M;
  /** The module if it has landed, without starting a download. */
  loaded(): M | undefined;
};

/**
 * The failures of lazy modules' downloads (downloading again may mend them), told apart from failures of
 * rendering with code that is here (which a retry would only repeat). A WeakSet answers false for
 * anything that is not an object.
 */
export const downloadFailures = new WeakSet<object>();

/**
 * Code a page needs only after the visitor does something (a dialog's form, the chat's Markdown) loads
 * then, not with the page. The import is started once and kept once it lands, so every read after that
 * returns without suspending; a failed download is tried again on the next preload.
 */
export function lazyModule<M>(load: () => Promise<M>): LazyModule<M> {
  let loading: Promise<M> | null = null;
  let failed: Promise<M> | null = null;
  let loaded: { module: M } | null = null;
  const preload = () => {
    if (!loading) {
      failed = null;
      const started = load();
      started.then(
        (module) => {
          loaded = { module };
        },
        (error: unknown) => {
          if (typeof error === "object" && error !== null) downloadFailures.add(error);
          if (loading !== started) return;
          loading = null;
          failed = started;
        },
      );
      loading = started;
    }
    return loading;
  };
  return { preload, use: () => (loaded ? loaded.module : use(loading ?? failed ?? preload())), loaded: () => loaded?.module };
}

/** The wait before the download after the `attempt`-th failed one (0-based): 2 s, doubling, at most a minute. */
export function downloadAgainDelayMs(attempt: number): number {
  return Math.min(2_000 * 2 ** attempt, 60_000);
}

/**
 * Downloads `code` again after each failure until it lands, calling `waitBeforeTry` between failures.
 * True once it has landed; false when `signal` aborted first (the part that wanted it is gone).
 */
export async function downloadUntilLanded<M>(
  code: LazyModule<M>,
  signal: AbortSignal,
  waitBeforeTry: (attempt: number, signal: AbortSignal) => Promise<void> = waitToDownloadAgain,
): Promise<boolean> {
  for (let attempt = 0; !signal.aborted; attempt++) {
    try {
      await code.preload();
      return !signal.aborted;
    } catch {
      // Offline, or the server did not answer: wait, then download again.
    }
    await waitBeforeTry(attempt, signal);
  }
  return false;
}

/** Waits out `downloadAgainDelayMs(attempt)`, or less when the wait is no longer wanted. */
function waitToDownloadAgain(attempt: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    // Whichever comes first ends the wait and releases the other, so retries pile up no listeners.
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, downloadAgainDelayMs(attempt));
    signal.addEventListener("abort", done);
  });
}

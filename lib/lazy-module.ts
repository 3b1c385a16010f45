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
        () => {
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

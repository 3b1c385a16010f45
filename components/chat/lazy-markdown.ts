"use client";

import { use } from "react";

type MarkdownModule = typeof import("./markdown");
let loading: Promise<MarkdownModule> | null = null;

/**
 * The Markdown renderer (≈ 48 kB of parser and plugins) loads when the chat first shows a message, not
 * with the page. The import is started once and marked fulfilled when it lands, so every render after
 * that reads it without suspending; a failed download is tried again on the next render.
 */
export function preloadMarkdown(): Promise<MarkdownModule> {
  if (!loading) {
    const started = import("./markdown");
    started.then(
      // What React's `use` reads to return a settled promise's value at once.
      (module) => Object.assign(started, { status: "fulfilled", value: module }),
      () => {
        if (loading === started) loading = null;
      },
    );
    loading = started;
  }
  return loading;
}

/** Markdown as components/chat/markdown.tsx renders it; suspends (to the nearest `<Suspense>`) until that has loaded. */
export function LazyMarkdown({ children }: { children: string }) {
  return use(preloadMarkdown()).renderMarkdown(children);
}

"use client";

import { lazyModule } from "@/lib/lazy-module";

// The Markdown renderer (≈ 48 kB of parser and plugins) loads when the chat first shows a message, not with the page.
const markdown = lazyModule(() => import("./markdown"));

/** Starts the download (a failure is retried by the first read that needs it). */
export function preloadMarkdown(): void {
  markdown.preload().catch(() => undefined);
}

/** Markdown as components/chat/markdown.tsx renders it; suspends (to the nearest `<Suspense>`) until that has loaded. */
export function LazyMarkdown({ children }: { children: string }) {
  return markdown.use().renderMarkdown(children);
}

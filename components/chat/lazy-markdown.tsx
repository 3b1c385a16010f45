"use client";

import { ErrorBoundary, type FallbackProps } from "react-error-boundary";
import { useDownloadAgain } from "@/components/ui/lazy-part";
import { lazyModule } from "@/lib/lazy-module";

// The Markdown renderer (≈ 48 kB of parser and plugins) loads when the chat first shows a message, not with the page.
const markdown = lazyModule(() => import("./markdown"));

/** Starts the download (after a failure, starts it again). */
export function preloadMarkdown(): void {
  markdown.preload().catch(() => undefined);
}

function RenderedMarkdown({ children }: { children: string }) {
  return markdown.use().renderMarkdown(children);
}

/**
 * The text as it was written while the renderer cannot be downloaded: still readable, line breaks
 * kept. It downloads the renderer again until it lands (useDownloadAgain), then shows the Markdown; a
 * renderer that failed on this text leaves it as written.
 */
function PlainText({ text, error, resetErrorBoundary }: FallbackProps & { text: string }) {
  useDownloadAgain(markdown, error, resetErrorBoundary);
  return <p className="text-sm leading-relaxed [overflow-wrap:anywhere] whitespace-pre-wrap">{text}</p>;
}

/** Markdown as components/chat/markdown.tsx renders it; suspends (to the nearest `<Suspense>`) until that has loaded. */
export function LazyMarkdown({ children }: { children: string }) {
  return (
    <ErrorBoundary fallbackRender={(props) => <PlainText {...props} text={children} />}>
      <RenderedMarkdown>{children}</RenderedMarkdown>
    </ErrorBoundary>
  );
}

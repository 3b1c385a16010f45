import ReactMarkdown, { type Components } from "react-markdown";
import rehypeSanitize from "rehype-sanitize";
import remarkGfm from "remark-gfm";

/**
 * The model's Markdown, rendered without ever interpreting HTML: react-markdown escapes raw HTML
 * (so `<script>` or `<img onerror>` shows as text), rehype-sanitize strips anything unsafe that
 * Markdown itself can express, and the default URL transform drops `javascript:` links.
 * Images are shown as links, never loaded: an image URL written by a model can carry the
 * conversation out to a third party the moment it renders.
 */
const components: Components = {
  a: ({ href, children }) =>
    href ? (
      <a href={href} target="_blank" rel="noopener noreferrer nofollow" className="font-medium text-accent-fg underline underline-offset-2">
        {children}
      </a>
    ) : (
      <span>{children}</span>
    ),
  img: ({ src, alt }) =>
    typeof src === "string" && src ? (
      <a href={src} target="_blank" rel="noopener noreferrer nofollow" className="text-accent-fg underline underline-offset-2">
        {alt ? `Image: ${alt}` : "Image link"}
      </a>
    ) : null,
  p: ({ children }) => <p className="my-2 first:mt-0 last:mb-0">{children}</p>,
  ul: ({ children }) => <ul className="my-2 list-disc space-y-1 pl-5">{children}</ul>,
  ol: ({ children }) => <ol className="my-2 list-decimal space-y-1 pl-5">{children}</ol>,
  h1: ({ children }) => <p className="mt-3 mb-1 text-base font-semibold">{children}</p>,
  h2: ({ children }) => <p className="mt-3 mb-1 text-base font-semibold">{children}</p>,
  h3: ({ children }) => <p className="mt-3 mb-1 font-semibold">{children}</p>,
  h4: ({ children }) => <p className="mt-2 mb-1 font-semibold">{children}</p>,
  h5: ({ children }) => <p className="mt-2 mb-1 font-semibold">{children}</p>,
  h6: ({ children }) => <p className="mt-2 mb-1 font-semibold">{children}</p>,
  blockquote: ({ children }) => <blockquote className="my-2 border-l-2 border-border-strong pl-3 text-fg-muted">{children}</blockquote>,
  pre: ({ children }) => <pre className="my-2 overflow-x-auto rounded-md bg-surface-muted p-3 text-xs">{children}</pre>,
  code: ({ children, className }) => <code className={`rounded bg-surface-muted px-1 py-0.5 font-mono text-[0.85em] ${className ?? ""}`}>{children}</code>,
  table: ({ children }) => (
    <div className="my-2 max-w-full overflow-x-auto [overflow-wrap:normal]">
      <table className="min-w-full border-collapse text-left text-sm">{children}</table>
    </div>
  ),
  th: ({ children }) => <th className="border-b border-border px-2 py-1 font-semibold">{children}</th>,
  td: ({ children }) => <td className="border-b border-border px-2 py-1">{children}</td>,
  hr: () => <hr className="my-3 border-border" />,
};

export function Markdown({ children }: { children: string }) {
  return (
    // Long words and URLs wrap anywhere rather than widen the page on a phone; tables and code scroll in their own box.
    <div className="min-w-0 text-sm leading-relaxed [overflow-wrap:anywhere]">
      {/* GitHub-flavoured Markdown for the tables the assistant writes (comparisons, file answers). */}
      <ReactMarkdown remarkPlugins={[remarkGfm]} rehypePlugins={[rehypeSanitize]} components={components}>
        {children}
      </ReactMarkdown>
    </div>
  );
}

/** The same as `<Markdown>`, for a caller that loads this module on demand (components/chat/lazy-markdown.ts). */
export function renderMarkdown(text: string) {
  return <Markdown>{text}</Markdown>;
}

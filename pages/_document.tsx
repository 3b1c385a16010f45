import { Head, Html, Main, NextScript } from "next/document";

/** The same document as app/layout.tsx's: language, colours and the "Skip to content" link. */
export default function VisitorDocument() {
  return (
    <Html lang="en">
      <Head />
      <body className="min-h-screen bg-gray-50 text-gray-900 antialiased dark:bg-gray-950 dark:text-gray-100">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:fixed focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-indigo-700"
        >
          Skip to content
        </a>
        <Main />
        <NextScript />
      </body>
    </Html>
  );
}

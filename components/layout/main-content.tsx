import type { ReactNode } from "react";

/** The page's own content, where the root layout's "Skip to content" link lands. */
export function MainContent({ children }: { children: ReactNode }) {
  return (
    <main id="main" className="mx-auto w-full max-w-7xl px-4 py-6 sm:px-6 lg:px-8">
      {children}
    </main>
  );
}

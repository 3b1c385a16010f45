import type { ReactNode } from "react";
import { PublicShell } from "@/components/layout/public-shell";

/** The public pages: the front page, the catalog and the storefronts. */
export default function SiteLayout({ children }: { children: ReactNode }) {
  return <PublicShell>{children}</PublicShell>;
}

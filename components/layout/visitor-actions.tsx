"use client";

import { VisitorLinks } from "./visitor-links";
import { useAppPathname } from "@/hooks/use-app-route";

/** What a signed-out visitor is offered at the header's end; never a link to the page they are on. */
export function VisitorActions() {
  const pathname = useAppPathname();
  return <VisitorLinks signIn={pathname !== "/login"} signUp={pathname !== "/register"} />;
}

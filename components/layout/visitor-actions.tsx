"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { linkClass } from "./nav-parts";

/** What a signed-out visitor is offered at the header's end; never a link to the page they are on. */
export function VisitorActions() {
  const pathname = usePathname();
  return (
    <div className="ml-auto flex shrink-0 items-center gap-2">
      {pathname === "/login" ? null : (
        <Link href="/login" className={`${linkClass} text-gray-700 hover:bg-gray-100 dark:text-gray-200 dark:hover:bg-gray-800`}>
          Sign in
        </Link>
      )}
      {pathname === "/register" ? null : (
        <Link href="/register" className={`${linkClass} bg-indigo-600 text-white hover:bg-indigo-700`}>
          {/* The short label on a phone leaves the product's name room to show whole. */}
          <span className="sm:hidden">Sign up</span>
          <span className="hidden sm:inline">Create account</span>
        </Link>
      )}
    </div>
  );
}

"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useAuth } from "@/hooks/use-auth";
import { useBusiness } from "@/hooks/use-business";
import { canOpenPage } from "@/lib/auth/page-access";
import { formatCount } from "@/lib/format";
import { shopHref } from "@/lib/shops/links";

// Who sees a link is the page table's answer for its page.
const LINKS: { href: string; label: string }[] = [
  { href: "/dashboard", label: "Dashboard" },
  { href: "/inbox", label: "Inbox" },
  { href: "/feedback", label: "Feedback" },
  { href: "/products", label: "Products" },
  { href: "/approvals", label: "Approvals" },
  { href: "/chat", label: "Assistant" },
  { href: "/purchases", label: "Purchases" },
  { href: "/users", label: "Users" },
  { href: "/settings", label: "Settings" },
  { href: "/audit", label: "Audit log" },
];

// The widget's iframe and the demo shop page stand in for another site's pages: no app navigation.
const BARE_PAGES = ["/embed/", "/widget-demo"];

const linkClass =
  "whitespace-nowrap rounded-md px-2.5 py-1.5 text-sm font-medium outline-none transition focus-visible:ring-2 focus-visible:ring-indigo-500";

export function AppNav() {
  const { status, user, role, credits, signOut } = useAuth();
  const pathname = usePathname();
  // Every member's own storefront, whatever the role: where their business's shoppers land.
  const business = useBusiness({ enabled: status === "authenticated" });
  const storefront = status === "authenticated" && business.data?.slug ? shopHref(business.data.slug) : null;
  const links = [
    ...(role ? LINKS.filter((link) => canOpenPage({ pathname: link.href, role })) : []),
    ...(storefront ? [{ href: storefront, label: "Storefront" }] : []),
  ];
  if (BARE_PAGES.some((prefix) => pathname.startsWith(prefix))) return null;

  return (
    <header className="border-b border-gray-200 bg-white dark:border-gray-800 dark:bg-gray-900">
      <nav aria-label="Main" className="mx-auto flex max-w-7xl flex-wrap items-center gap-2 px-4 py-3 sm:px-6 lg:px-8">
        <Link href="/" className={`${linkClass} mr-2 text-base font-semibold text-indigo-600 dark:text-indigo-400`}>
          Product Assistant
        </Link>
        <ul className="flex flex-1 flex-wrap items-center gap-0.5">
          {links.map((link) => {
            const active = pathname === link.href || pathname.startsWith(`${link.href}/`);
            return (
              <li key={link.href}>
                <Link
                  href={link.href}
                  aria-current={active ? "page" : undefined}
                  className={`${linkClass} ${
                    active
                      ? "bg-indigo-50 text-indigo-700 dark:bg-indigo-950 dark:text-indigo-300"
                      : "text-gray-600 hover:bg-gray-100 hover:text-gray-900 dark:text-gray-300 dark:hover:bg-gray-800 dark:hover:text-white"
                  }`}
                >
                  {link.label}
                </Link>
              </li>
            );
          })}
        </ul>
        {status === "authenticated" && user ? (
          <div className="flex items-center gap-3 text-sm">
            {credits !== null && (
              <span
                data-testid="header-credit-balance"
                data-credits={credits}
                className="rounded-full bg-gray-100 px-2.5 py-1 text-xs font-medium text-gray-700 dark:bg-gray-800 dark:text-gray-200"
              >
                {formatCount(credits)} credits
              </span>
            )}
            <span className="text-gray-700 dark:text-gray-200">
              <span className="font-medium">{user.name}</span>{" "}
              <span className="text-gray-500 dark:text-gray-400">({user.role})</span>
            </span>
            <button
              type="button"
              onClick={() => void signOut()}
              className={`${linkClass} border border-gray-300 text-gray-700 hover:bg-gray-100 dark:border-gray-700 dark:text-gray-200 dark:hover:bg-gray-800`}
            >
              Sign out
            </button>
          </div>
        ) : status === "unauthenticated" ? (
          <div className="flex items-center gap-2">
            <Link href="/login" className={`${linkClass} text-gray-700 hover:bg-gray-100 dark:text-gray-200 dark:hover:bg-gray-800`}>
              Sign in
            </Link>
            <Link href="/register" className={`${linkClass} bg-indigo-600 text-white hover:bg-indigo-700`}>
              Create account
            </Link>
          </div>
        ) : null}
      </nav>
    </header>
  );
}

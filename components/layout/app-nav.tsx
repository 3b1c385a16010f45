"use client";

import dynamic from "next/dynamic";
import Link from "next/link";
import { useEffect, useId, useRef, useState } from "react";
import { cn } from "@/components/ui/cn";
import { activeClass, BrandLink, headerClass, idleClass, isCurrent, linkClass, mainNavClass } from "./nav-parts";
import { useAuth } from "@/hooks/use-auth";
import { useBusiness } from "@/hooks/use-business";
import { canOpenPage, NAV_PAGES } from "@/lib/auth/page-access";
import { formatCredits } from "@/lib/format";
import { shopHref } from "@/lib/shops/links";
import { useAppPathname } from "@/hooks/use-app-route";

// Sign in / Create account, for a visitor of the app's public forms (/register, /forgot-password…): the
// server renders them there, and a member's pages never load them.
const VisitorActions = dynamic(() => import("./visitor-actions").then((module) => module.VisitorActions));
// The phone's menu, closed when the page arrives: it renders only in the browser, its code fetched once the page is up.
const MenuDrawer = dynamic(() => import("./menu-drawer").then((module) => module.MenuDrawer), { ssr: false });

// The widget's iframe and the demo shop page stand in for another site's pages: no app navigation.
const BARE_PAGES = ["/embed/", "/widget-demo"];

// Past this many links the row needs the full 1280 px width; fewer fit from a tablet's 768 px up.
const MANY_LINKS = 6;

// The row of pages: a little tighter, so an admin's eleven entries, the balance and the account fit 1280 px.
const rowLinkClass =
  "whitespace-nowrap rounded-md px-1.5 py-1.5 text-sm font-medium outline-none transition focus-visible:ring-2 focus-visible:ring-indigo-500";

/**
 * The app's navigation: one row on a wide screen (the pages, the balance, an account menu with the
 * storefront and Sign out), and below it a Menu button opening a drawer with the same. The current page
 * is marked `aria-current="page"` for screen readers.
 */
export function AppNav() {
  const { status, user, role, credits, signOut } = useAuth();
  const pathname = useAppPathname();
  const [drawerOpen, setDrawerOpen] = useState(false);
  // Every member's own storefront, whatever the role: where their business's shoppers land.
  const business = useBusiness({ enabled: status === "authenticated" });
  const storefront = status === "authenticated" && business.data?.slug ? shopHref(business.data.slug) : null;
  const links = role ? NAV_PAGES.filter((link) => canOpenPage({ pathname: link.href, role })) : [];
  if (BARE_PAGES.some((prefix) => pathname.startsWith(prefix))) return null;

  const signedIn = status === "authenticated" && user !== null;
  const many = links.length > MANY_LINKS;
  // Literal class names, so the stylesheet has both.
  const wideOnly = many ? "hidden xl:flex" : "hidden md:flex";
  const narrowOnly = many ? "xl:hidden" : "md:hidden";

  return (
    <header className={headerClass}>
      <nav aria-label="Main" className={mainNavClass}>
        <BrandLink />
        {links.length > 0 ? (
          <ul className={cn(wideOnly, "min-w-0 flex-1 flex-nowrap items-center gap-0")}>
            {links.map((link) => {
              const current = isCurrent(pathname, link.href);
              return (
                <li key={link.href}>
                  <Link href={link.href} aria-current={current ? "page" : undefined} className={cn(rowLinkClass, current ? activeClass : idleClass)}>
                    {link.label}
                  </Link>
                </li>
              );
            })}
          </ul>
        ) : (
          <span className="flex-1" />
        )}
        {signedIn ? (
          <div className="ml-auto flex shrink-0 items-center gap-1.5 text-sm">
            {credits !== null && (
              <span
                data-testid="header-credit-balance"
                data-credits={credits}
                className="rounded-full bg-gray-100 px-2.5 py-1 text-xs font-medium whitespace-nowrap text-gray-700 dark:bg-gray-800 dark:text-gray-200"
              >
                {formatCredits(credits)}
              </span>
            )}
            <AccountMenu
              className={wideOnly}
              name={user.name}
              role={user.role}
              email={user.email}
              storefront={storefront}
              onSignOut={() => void signOut()}
            />
            <button
              type="button"
              aria-haspopup="dialog"
              aria-expanded={drawerOpen}
              onClick={() => setDrawerOpen(true)}
              className={cn(linkClass, narrowOnly, "inline-flex items-center gap-1.5 border border-gray-300 text-gray-700 hover:bg-gray-100 dark:border-gray-700 dark:text-gray-200 dark:hover:bg-gray-800")}
            >
              <svg viewBox="0 0 20 20" fill="none" aria-hidden="true" className="size-4">
                <path d="M3 5h14M3 10h14M3 15h14" stroke="currentColor" strokeWidth="1.75" strokeLinecap="round" />
              </svg>
              {/* On a phone the icon alone, so the bar fits 360 px with the name and the balance. */}
              <span className="sr-only sm:not-sr-only">Menu</span>
            </button>
          </div>
        ) : status === "unauthenticated" ? (
          <VisitorActions />
        ) : null}
      </nav>
      {signedIn ? (
        <MenuDrawer
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          links={[...links, { href: "/account", label: "Your account" }, ...(storefront ? [{ href: storefront, label: "Storefront" }] : [])]}
          pathname={pathname}
          user={user}
          onSignOut={() => void signOut()}
        />
      ) : null}
    </header>
  );
}

/**
 * The signed-in member behind a button (their name, cut short when long) and, opened, their full name,
 * email, the storefront and Sign out. A disclosure: Escape or a click elsewhere closes it.
 */
function AccountMenu({
  className,
  name,
  role,
  email,
  storefront,
  onSignOut,
}: {
  className: string;
  name: string;
  role: string;
  email: string;
  storefront: string | null;
  onSignOut: () => void;
}) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setOpen(false);
      buttonRef.current?.focus();
    };
    document.addEventListener("pointerdown", onPointerDown);
    document.addEventListener("keydown", onKeyDown);
    return () => {
      document.removeEventListener("pointerdown", onPointerDown);
      document.removeEventListener("keydown", onKeyDown);
    };
  }, [open]);

  return (
    <div ref={rootRef} className={cn(className, "relative")}>
      <button
        ref={buttonRef}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={`Account: ${name} (${role})`}
        title={`${name} (${role})`}
        onClick={() => setOpen((value) => !value)}
        className={cn(linkClass, "inline-flex max-w-[8rem] items-center gap-1 text-gray-700 hover:bg-gray-100 xl:max-w-[12rem] dark:text-gray-200 dark:hover:bg-gray-800")}
      >
        <span className="truncate">{name}</span>
        <svg viewBox="0 0 20 20" fill="none" aria-hidden="true" className="size-4 shrink-0">
          <path d="M5 8l5 5 5-5" stroke="currentColor" strokeWidth="1.75" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
      </button>
      {/* Kept in the page while closed (hidden), so the storefront link is there for whoever looks for it. */}
      <div
        id={panelId}
        role="group"
        aria-label="Account"
        hidden={!open}
        className="absolute right-0 z-40 mt-2 w-64 rounded-lg border border-border bg-surface p-3 text-sm shadow-lg"
      >
        <p className="[overflow-wrap:anywhere] text-fg">
          <span className="font-medium">{name}</span> <span className="text-fg-muted">({role})</span>
          <span className="block text-xs text-fg-muted">{email}</span>
        </p>
        <div className="mt-3 flex flex-col gap-1 border-t border-border pt-3">
          <Link href="/account" onClick={() => setOpen(false)} className={cn(linkClass, idleClass)}>
            Your account
          </Link>
          {storefront ? (
            <Link href={storefront} onClick={() => setOpen(false)} className={cn(linkClass, idleClass)}>
              Storefront
            </Link>
          ) : null}
          <button
            type="button"
            onClick={onSignOut}
            className={`${linkClass} border border-gray-300 text-left text-gray-700 hover:bg-gray-100 dark:border-gray-700 dark:text-gray-200 dark:hover:bg-gray-800`}
          >
            Sign out
          </button>
        </div>
      </div>
    </div>
  );
}

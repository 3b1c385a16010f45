"use client";

import Link from "next/link";
import { cn } from "@/components/ui/cn";
import { Sheet } from "@/components/ui/sheet";
import { activeClass, idleClass, isCurrent, linkClass } from "./nav-parts";

/** The app's menu on a narrow screen (components/layout/app-nav.tsx): the pages, the member, Sign out. */
export function MenuDrawer({
  open,
  onClose,
  links,
  pathname,
  user,
  onSignOut,
}: {
  open: boolean;
  onClose: () => void;
  links: readonly { href: string; label: string }[];
  pathname: string;
  user: { name: string; role: string; email: string };
  onSignOut: () => void;
}) {
  return (
    <Sheet open={open} onClose={onClose} title="Menu" side="right">
      <nav aria-label="Pages" className="flex min-h-0 flex-1 flex-col">
        <ul className="flex flex-col gap-0.5 overflow-y-auto">
          {links.map((link) => {
            const current = isCurrent(pathname, link.href);
            return (
              <li key={link.href}>
                <Link
                  href={link.href}
                  aria-current={current ? "page" : undefined}
                  onClick={onClose}
                  className={cn(linkClass, "block px-3 py-2 text-base", current ? activeClass : idleClass)}
                >
                  {link.label}
                </Link>
              </li>
            );
          })}
        </ul>
        <div className="mt-auto space-y-3 border-t border-border pt-3 text-sm">
          <p className="[overflow-wrap:anywhere] text-fg">
            <span className="font-medium">{user.name}</span> <span className="text-fg-muted">({user.role})</span>
            <span className="block text-xs text-fg-muted">{user.email}</span>
          </p>
          <button
            type="button"
            onClick={onSignOut}
            className={`${linkClass} w-full border border-gray-300 text-gray-700 hover:bg-gray-100 dark:border-gray-700 dark:text-gray-200 dark:hover:bg-gray-800`}
          >
            Sign out
          </button>
        </div>
      </nav>
    </Sheet>
  );
}

import Link from "next/link";

/*
 * The parts of the header that a visitor's page (rendered on the server, no script) and the members'
 * navigation (a client component) share, so both show the same header to someone signed out.
 */

export const linkClass =
  "whitespace-nowrap rounded-md px-2 py-1.5 text-sm font-medium outline-none transition focus-visible:ring-2 focus-visible:ring-indigo-500";

export const activeClass = "bg-indigo-50 text-indigo-700 dark:bg-indigo-950 dark:text-indigo-300";
export const idleClass = "text-gray-600 hover:bg-gray-100 hover:text-gray-900 dark:text-gray-300 dark:hover:bg-gray-800 dark:hover:text-white";

/** The link's page is the one shown, or one under it. */
export function isCurrent(pathname: string, href: string): boolean {
  return pathname === href || pathname.startsWith(`${href}/`);
}

export const headerClass = "border-b border-gray-200 bg-white dark:border-gray-800 dark:bg-gray-900";
export const mainNavClass = "mx-auto flex max-w-7xl items-center gap-2 px-4 py-3 sm:px-6 lg:px-8";

/** The header's first link: the product's name, home. */
export function BrandLink() {
  return (
    <Link href="/" className={`${linkClass} mr-1 min-w-0 truncate text-base font-semibold text-indigo-600 dark:text-indigo-400`}>
      Product Assistant
    </Link>
  );
}

import Link from "next/link";
import { linkClass } from "./nav-parts";

/**
 * Sign in and Create account, at the header's end for someone signed out (each left out on its own
 * page). Not in nav-parts.tsx: a member's navigation imports that, and has no use for these.
 */
export function VisitorLinks({ signIn = true, signUp = true }: { signIn?: boolean; signUp?: boolean }) {
  return (
    <div className="ml-auto flex shrink-0 items-center gap-2">
      {signIn ? (
        <Link href="/login" className={`${linkClass} text-gray-700 hover:bg-gray-100 dark:text-gray-200 dark:hover:bg-gray-800`}>
          Sign in
        </Link>
      ) : null}
      {signUp ? (
        <Link href="/register" className={`${linkClass} bg-accent text-on-accent hover:bg-accent-hover`}>
          {/* The short label on a phone leaves the product's name room to show whole. */}
          <span className="sm:hidden">Sign up</span>
          <span className="hidden sm:inline">Create account</span>
        </Link>
      ) : null}
    </div>
  );
}

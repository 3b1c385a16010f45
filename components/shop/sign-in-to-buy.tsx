import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";

/** A product page's buy box for someone signed out: the way to sign in and come back to `returnTo`. */
export function SignInToBuy({ shopName, returnTo }: { shopName: string; returnTo: string }) {
  return (
    <div className="space-y-2">
      <Link href={`/login?callbackUrl=${encodeURIComponent(returnTo)}`} className={buttonClasses({ className: "w-full sm:w-auto" })}>
        Sign in to buy
      </Link>
      <p className="text-sm text-fg-muted">Members of {shopName} can buy here and ask the assistant about it.</p>
    </div>
  );
}

import Link from "next/link";
import type { Role } from "@/db/schema";
import type { ShopDirectoryEntry } from "@/lib/shops/schemas";
import { FrontPageActions } from "./front-page-actions";
import { ShopDirectory } from "./shop-directory";

const FEATURES: { title: string; text: string }[] = [
  { title: "A catalog with approvals", text: "Editors draft products with images, approvers publish them; every change is reviewed and audited." },
  { title: "An assistant that knows it", text: "Your people ask in plain words; the assistant answers from your published products and proposes purchases." },
  { title: "A storefront of your own", text: "Every business gets a public page with search, categories, price filters and a page per product." },
  { title: "On your website too", text: "Embed the chat widget or call the API from your backend, with keys you control." },
];

/** `/`: what the platform does, the way in, and the directory of storefronts (businesses may opt out in /settings). */
export function FrontPageView({ role, shops, page, lastPage }: { role: Role | null; shops: ShopDirectoryEntry[]; page: number; lastPage: number }) {
  return (
    <div className="space-y-14 pb-8">
      <section className="grid gap-8 pt-4 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)] lg:items-center lg:pt-10">
        <div className="space-y-5">
          <p className="text-sm font-semibold tracking-wide text-accent-fg uppercase">Product Assistant</p>
          <h1 className="text-3xl font-semibold tracking-tight text-balance text-fg sm:text-4xl lg:text-5xl">
            Your catalog, its approvals, and an assistant that knows every product.
          </h1>
          <p className="max-w-2xl text-base text-fg-muted sm:text-lg">
            Publish products through a review your team controls, open a storefront for shoppers, and let your people ask an AI
            assistant that answers from your own catalog — and buys only when they confirm.
          </p>
          <FrontPageActions role={role} />
        </div>
        <ul className="grid gap-3 sm:grid-cols-2" aria-label="What it does">
          {FEATURES.map((feature) => (
            <li key={feature.title} className="rounded-lg border border-border bg-surface p-4 shadow-sm">
              <h2 className="text-sm font-semibold text-fg">{feature.title}</h2>
              <p className="mt-1 text-sm text-fg-muted">{feature.text}</p>
            </li>
          ))}
        </ul>
      </section>

      <section id="storefronts" aria-labelledby="storefronts-title" className="scroll-mt-6 space-y-4">
        <div className="flex flex-wrap items-end justify-between gap-3">
          <div>
            <h2 id="storefronts-title" className="text-xl font-semibold tracking-tight text-fg">
              Storefronts
            </h2>
            <p className="text-sm text-fg-muted">Businesses on the platform and what they sell.</p>
          </div>
          <Link href="/catalog" className="focus-ring rounded-sm text-sm font-medium text-accent-fg hover:underline">
            Browse every product <span aria-hidden="true">→</span>
          </Link>
        </div>
        <ShopDirectory shops={shops} page={page} lastPage={lastPage} />
      </section>
    </div>
  );
}

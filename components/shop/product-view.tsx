import Link from "next/link";
import { Markdown } from "@/components/chat/markdown";
import { Badge } from "@/components/ui/badge";
import { formatMoney } from "@/lib/money";
import { shopHref, shopProductHref } from "@/lib/shops/links";
import { pictureOf } from "@/lib/shops/pictures";
import type { ShopProductDetail } from "@/lib/shops/schemas";
import { MemberBuyBox } from "./member-buy-box";
import { ProductGallery, selectedImageIndex } from "./product-gallery";
import { SignInToBuy } from "./sign-in-to-buy";
import { stockStatus } from "./stock";

/** A storefront's product page (`image`: its `?image=`, the picture shown): gallery, price, stock, the buy box (a client island, loaded for a signed-in member) and the description as safe Markdown. */
export function ProductView({ detail, signedIn, image }: { detail: ShopProductDetail; signedIn: boolean; image?: string | string[] }) {
  const { business, product } = detail;
  const returnTo = shopProductHref({ slug: business.slug, productId: product.id });
  const stock = stockStatus(product.stock);
  const images = product.images.map((image) => ({
    large: pictureOf({ productId: product.id, image, wanted: 1200 }),
    thumb: pictureOf({ productId: product.id, image, wanted: 160 }),
  }));
  return (
    <article className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-fg-muted">
        <ol className="flex flex-wrap items-center gap-1.5 [overflow-wrap:anywhere]">
          <li>
            <Link href="/" className="focus-ring rounded-sm hover:underline">
              Storefronts
            </Link>
          </li>
          <li aria-hidden="true">/</li>
          <li>
            <Link href={shopHref(business.slug)} className="focus-ring rounded-sm hover:underline">
              {business.name}
            </Link>
          </li>
        </ol>
      </nav>

      <div className="grid gap-8 lg:grid-cols-2">
        <ProductGallery name={product.name} images={images} selected={selectedImageIndex(image, images.length)} pageHref={returnTo} />

        {/* Names and words as long as the fields allow wrap anywhere rather than widen the page on a phone. */}
        <div className="min-w-0 space-y-5 [overflow-wrap:anywhere]">
          <header className="space-y-2">
            {product.category ? (
              <p className="text-sm font-medium text-fg-muted">
                <Link href={`${shopHref(business.slug)}?category=${encodeURIComponent(product.category)}`} className="focus-ring rounded-sm hover:underline">
                  {product.category}
                </Link>
              </p>
            ) : null}
            <h1 className="text-2xl font-semibold tracking-tight text-fg sm:text-3xl">{product.name}</h1>
            <p className="text-sm text-fg-muted">
              Sold by{" "}
              <Link href={shopHref(business.slug)} className="focus-ring rounded-sm font-medium text-accent-fg hover:underline">
                {business.name}
              </Link>
            </p>
          </header>

          <div className="flex flex-wrap items-center gap-3">
            <p className="text-2xl font-semibold text-fg" aria-label={`Price ${formatMoney(product.price)}`}>
              {formatMoney(product.price)}
            </p>
            <Badge tone={stock.tone} data-testid="stock-status">
              {stock.text}
            </Badge>
          </div>

          <div className="rounded-lg border border-border bg-surface p-4 shadow-sm">
            {signedIn ? (
              <MemberBuyBox
                product={{ id: product.id, name: product.name, price: product.price, stock: product.stock, businessId: product.businessId }}
                shop={{ name: business.name }}
                returnTo={returnTo}
              />
            ) : (
              <SignInToBuy shopName={business.name} returnTo={returnTo} />
            )}
          </div>

          <section aria-labelledby="product-description" className="space-y-2">
            <h2 id="product-description" className="text-base font-semibold text-fg">
              Description
            </h2>
            <div className="text-fg">
              <Markdown>{product.description}</Markdown>
            </div>
          </section>
        </div>
      </div>
    </article>
  );
}

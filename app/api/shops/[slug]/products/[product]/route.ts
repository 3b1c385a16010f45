import { json, route, methods } from "@/lib/http";
import { getShopProduct } from "@/lib/shops/service";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Params = { slug: string; product: string };

/** One approved product of this storefront, by id: another business's product is 404 here. */
export const GET = route<Params>(async ({ params }) => json(await getShopProduct({ slug: params.slug, productId: params.product })));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methods({ GET });

import { json, route, methods } from "@/lib/http";
import { getShop } from "@/lib/shops/service";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Params = { slug: string };

/** A storefront's public card, listed in the directory or not. */
export const GET = route<Params>(async ({ params }) => json(await getShop({ slug: params.slug })));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methods({ GET });

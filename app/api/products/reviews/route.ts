import { requireUser } from "@/lib/auth/require-user";
import { json, route, methods } from "@/lib/http";
import { toPage } from "@/lib/pagination";
import { reviewsQuerySchema } from "@/lib/products/schemas";
import { listReviews } from "@/lib/products/service";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(async ({ request, query }) => {
  const actor = await requireUser(request);
  const input = query(reviewsQuerySchema);
  const { count, results } = await listReviews(actor, input);
  return json(toPage(request.nextUrl, { page: input.page, pageSize: input.pageSize, count, results }));
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methods({ GET });

import { createApiKeySchema, listApiKeysQuerySchema } from "@/lib/api-keys/schemas";
import { createApiKey, listApiKeys } from "@/lib/api-keys/service";
import { requireUser } from "@/lib/auth/require-user";
import { json, route, methods } from "@/lib/http";
import { toPage } from "@/lib/pagination";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(async ({ request, query }) => {
  const actor = await requireUser(request);
  const input = query(listApiKeysQuerySchema);
  const { count, results } = await listApiKeys(actor, input);
  return json(toPage(request.nextUrl, { page: input.page, pageSize: input.pageSize, count, results }));
});

/** The answer holds the whole key, which exists nowhere else: no cache may keep it. */
export const POST = route(async ({ request, body, ctx }) => {
  const actor = await requireUser(request);
  const input = await body(createApiKeySchema);
  const created = await createApiKey(actor, input, ctx);
  return json(created, { status: 201, headers: { location: `/api/api-keys/${created.apiKey.id}`, "cache-control": "no-store" } });
});

export const { PUT, PATCH, DELETE, OPTIONS } = methods({ GET, POST });

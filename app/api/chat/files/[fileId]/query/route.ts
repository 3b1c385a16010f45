import { requireChatCaller } from "@/lib/auth/caller";
import { fileQuerySchema } from "@/lib/files/query";
import { queryChatFile } from "@/lib/files/service";
import { json, methods, route } from "@/lib/http";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Params = { fileId: string };

/** Filters, orders and pages one file's records: `{q?, where?, columns?, orderBy?, limit, offset}` → `{count, results}`. */
export const POST = route<Params>(async ({ request, params, body }) => {
  const caller = await requireChatCaller(request);
  const query = await body(fileQuerySchema);
  return json(await queryChatFile(caller, { fileId: params.fileId, query }));
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methods({ POST });

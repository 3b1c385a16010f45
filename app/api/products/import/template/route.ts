import { requireUser } from "@/lib/auth/require-user";
import { methods, route } from "@/lib/http";
import { importTemplate } from "@/lib/products/export";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** A CSV with the import's header and one example row (staff). */
export const GET = route(async ({ request }) => {
  const actor = await requireUser(request);
  const { filename, body } = importTemplate(actor);
  return new Response(body, {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${filename}"` },
  });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methods({ GET });

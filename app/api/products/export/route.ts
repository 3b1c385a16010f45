import { requireUser } from "@/lib/auth/require-user";
import { methods, route } from "@/lib/http";
import { exportProductsCsv } from "@/lib/products/export";
import { exportQuerySchema } from "@/lib/products/tools-schemas";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The catalog, or the staff list's filtered view (same query), as a CSV the import takes back. */
export const GET = route(async ({ request, query }) => {
  const actor = await requireUser(request);
  const input = query(exportQuerySchema);
  const { filename, body } = await exportProductsCsv(actor, input);
  return new Response(body, {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${filename}"` },
  });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methods({ GET });

import { exportAuditCsv, listAudit } from "@/lib/audit/service";
import { auditListQuerySchema } from "@/lib/audit/schemas";
import { requireUser } from "@/lib/auth/require-user";
import { csvResponse } from "@/lib/csv";
import { json, route, methods } from "@/lib/http";
import { toPage } from "@/lib/pagination";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Admin only: `?action=&actorId=&entityType=&entityId=&from=&to=&page=&pageSize=`; `&format=csv` downloads every match. */
export const GET = route(async ({ request, query }) => {
  const actor = await requireUser(request);
  const input = query(auditListQuerySchema);
  if (input.format === "csv") return csvResponse(await exportAuditCsv(actor, input));
  const { count, results } = await listAudit(actor, input);
  return json(toPage(request.nextUrl, { page: input.page, pageSize: input.pageSize, count, results }));
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methods({ GET });

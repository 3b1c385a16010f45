import { AppError } from "@/lib/errors";
import { route } from "@/lib/http";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Any /api path no other route claims: a JSON 404, never Next's HTML page.
const unknownEndpoint = route<{ path: string[] }>(async ({ request }) => {
  throw new AppError("not_found", `No API endpoint at ${request.method} ${request.nextUrl.pathname}.`);
});

export const GET = unknownEndpoint;
export const POST = unknownEndpoint;
export const PUT = unknownEndpoint;
export const PATCH = unknownEndpoint;
export const DELETE = unknownEndpoint;
export const OPTIONS = unknownEndpoint;

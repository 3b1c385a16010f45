import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { authOptions } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { route, methods } from "@/lib/http";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Segment = { params: Promise<{ nextauth: string[] }> };

// next-auth's own endpoints; anything else under /api/auth is a JSON 404 like every unknown API path.
const NEXT_AUTH_ACTIONS = new Set(["session", "csrf", "providers", "signin", "signout", "callback", "_log", "error", "verify-request"]);

const unknownEndpoint = route(async ({ request }) => {
  throw new AppError("not_found", `No API endpoint at ${request.method} ${request.nextUrl.pathname}.`);
});

async function handler(request: NextRequest, segment: Segment): Promise<Response> {
  const { nextauth } = await segment.params;
  if (!nextauth?.[0] || !NEXT_AUTH_ACTIONS.has(nextauth[0])) return unknownEndpoint(request, segment as never);
  // Options are built per request (not at import) so a build never needs the runtime secrets.
  return NextAuth(request as never, segment as never, authOptions());
}

export const GET = handler;
export const POST = handler;
export const { PUT, PATCH, DELETE, OPTIONS } = methods({ GET, POST });

import { getSessionFromRequest } from "@/lib/auth/session";
import { mintTokenForSession } from "@/lib/auth/service";
import { AppError } from "@/lib/errors";
import { errorResponse, json, route, methods } from "@/lib/http";
import { enforceLimit } from "@/lib/rate-limit/limits";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Trades the browser's session cookie for API tokens; never cached anywhere. */
export const GET = route(async ({ request, requestId, ctx }) => {
  const { userId, passwordStamp, browserSessionId, setCookies } = await getSessionFromRequest(request);
  let response: Response;
  try {
    if (!userId || passwordStamp === null) throw new AppError("unauthorized", "No browser session: sign in first.");
    await enforceLimit("mint_token", { clientAddress: ctx.clientAddress, accountId: userId });
    response = json(await mintTokenForSession({ userId, passwordStamp, browserSessionId: browserSessionId ?? undefined }));
  } catch (error) {
    response = errorResponse(error, requestId);
  }
  // Forward next-auth's cookie changes (a slid expiry, or clearing an ended session).
  for (const cookie of setCookies) response.headers.append("set-cookie", cookie);
  response.headers.set("cache-control", "no-store");
  return response;
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methods({ GET });

import { requestPasswordReset } from "@/lib/auth/account";
import { forgotPasswordSchema } from "@/lib/auth/schemas";
import { json, route, methods } from "@/lib/http";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** 202 whether or not the email has an account: the answer tells nobody which addresses do. */
export const POST = route(async ({ body, ctx }) => {
  const input = await body(forgotPasswordSchema);
  await requestPasswordReset(input, ctx);
  return json(
    { detail: "If an account uses this email, a link to choose a new password is on its way. It works once, for 30 minutes." },
    { status: 202, headers: { "cache-control": "no-store" } },
  );
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methods({ POST });

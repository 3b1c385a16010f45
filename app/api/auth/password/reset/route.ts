import { resetPassword } from "@/lib/auth/account";
import { resetPasswordSchema } from "@/lib/auth/schemas";
import { noContent, route, methods } from "@/lib/http";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = route(async ({ body, ctx }) => {
  const input = await body(resetPasswordSchema);
  await resetPassword(input, ctx);
  return noContent();
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methods({ POST });

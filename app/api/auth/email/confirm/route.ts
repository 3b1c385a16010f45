import { confirmEmailChange } from "@/lib/auth/account";
import { confirmEmailChangeSchema } from "@/lib/auth/schemas";
import { json, methods, route } from "@/lib/http";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Anyone holding an email-change link: the account's sign-in address becomes the one it was mailed to. */
export const POST = route(async ({ body, ctx }) => {
  const input = await body(confirmEmailChangeSchema);
  return json(await confirmEmailChange(input, ctx), { headers: { "cache-control": "no-store" } });
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methods({ POST });

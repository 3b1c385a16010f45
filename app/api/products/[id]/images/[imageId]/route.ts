import { requireUser } from "@/lib/auth/require-user";
import { json, methods, noContent, route } from "@/lib/http";
import { imageUpdateSchema } from "@/lib/images/schemas";
import { removeProductImage, updateProductImage } from "@/lib/images/service";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Params = { id: string; imageId: string };

/** `{alt?, position?}`: new alt text, and/or the position to move the image to (the others shift). */
export const PATCH = route<Params>(async ({ request, params, body, ctx }) => {
  const actor = await requireUser(request);
  const changes = await body(imageUpdateSchema);
  return json(await updateProductImage(actor, { productId: params.id, imageId: params.imageId, changes }, ctx));
});

export const DELETE = route<Params>(async ({ request, params, ctx }) => {
  const actor = await requireUser(request);
  await removeProductImage(actor, { productId: params.id, imageId: params.imageId }, ctx);
  return noContent();
});

export const { GET, POST, PUT, OPTIONS } = methods({ PATCH, DELETE });

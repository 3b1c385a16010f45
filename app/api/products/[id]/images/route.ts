import { requireUser } from "@/lib/auth/require-user";
import { json, methods, route, uploadRouteOptions } from "@/lib/http";
import { IMAGE_MAX_BYTES, IMAGE_TOO_LARGE } from "@/lib/images/process";
import { addProductImage, listProductImages } from "@/lib/images/service";
import { readImageUpload } from "@/lib/images/upload";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Params = { id: string };

/** The gallery as staff edit it: an approved product's pending change when it has one. */
export const GET = route<Params>(async ({ request, params }) => {
  const actor = await requireUser(request);
  return json(await listProductImages(actor, { productId: params.id }));
});

/**
 * Multipart with one `file` part (JPEG, PNG or WebP, ≤ 5 MB) and an optional `alt` field. A larger
 * Content-Length is refused before reading, as is a body that grows past it while being read (413).
 */
export const POST = route<Params>(
  async ({ request, params, bytes, ctx }) => {
    const actor = await requireUser(request);
    const upload = await readImageUpload(request, bytes);
    return json(await addProductImage(actor, { productId: params.id, ...upload }, ctx), { status: 201 });
  },
  uploadRouteOptions(IMAGE_MAX_BYTES, IMAGE_TOO_LARGE),
);

export const { PUT, PATCH, DELETE, OPTIONS } = methods({ GET, POST });

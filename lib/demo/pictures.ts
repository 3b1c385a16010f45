import "server-only";
import sharp from "sharp";
import type { Database } from "@/db/client";
import { insertImageRow } from "@/lib/images/queries";
import { processImage } from "@/lib/images/process";
import { imageStorage } from "@/lib/images/storage";

/** Colours per category, so a storefront page of demo pictures reads as a catalogue, not noise. */
const PALETTE: Record<string, [string, string]> = {
  Furniture: ["#7c4a1e", "#d9a066"],
  Displays: ["#1f2937", "#60a5fa"],
  Peripherals: ["#3f1d5c", "#c084fc"],
  Audio: ["#0f3d3e", "#2dd4bf"],
  Lighting: ["#6b4e00", "#facc15"],
  Accessories: ["#3f3f46", "#a1a1aa"],
  Kitchen: ["#7f1d1d", "#f87171"],
  Networking: ["#0c4a6e", "#38bdf8"],
  Office: ["#365314", "#a3e635"],
  Storage: ["#78350f", "#fbbf24"],
  Tools: ["#374151", "#f97316"],
  Travel: ["#134e4a", "#5eead4"],
  Wellbeing: ["#4c1d95", "#f0abfc"],
};

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** A 1200 × 900 picture of a demo product: its initials on its category's colours, and its name. */
export async function demoPicture(input: { name: string; category: string | null; view: string }): Promise<Uint8Array> {
  const [dark, light] = PALETTE[input.category ?? ""] ?? ["#27272a", "#71717a"];
  const initials = input.name
    .split(/\s+/)
    .filter((word) => /^[A-Za-z]/.test(word))
    .slice(0, 2)
    .map((word) => word[0]!.toUpperCase())
    .join("");
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="900" viewBox="0 0 1200 900">
  <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${dark}"/><stop offset="1" stop-color="${light}"/></linearGradient></defs>
  <rect width="1200" height="900" fill="url(#g)"/>
  <circle cx="${input.view === "Front" ? 600 : input.view === "Side" ? 420 : 780}" cy="390" r="${input.view === "Detail" ? 320 : 230}" fill="#ffffff" fill-opacity="0.14"/>
  <text x="600" y="470" font-family="DejaVu Sans, Arial, sans-serif" font-size="220" font-weight="700" fill="#ffffff" text-anchor="middle">${escapeXml(initials)}</text>
  <text x="600" y="780" font-family="DejaVu Sans, Arial, sans-serif" font-size="64" fill="#ffffff" fill-opacity="0.92" text-anchor="middle">${escapeXml(input.name)} · ${escapeXml(input.view.toLowerCase())}</text>
</svg>`;
  return new Uint8Array(await sharp(Buffer.from(svg)).png().toBuffer());
}

/** Stores a demo picture as a product's live image through the same processing and storage as an upload. */
export async function seedProductPicture(
  tx: Database,
  input: { productId: string; businessId: string; name: string; category: string | null; createdBy: string; view: string; position: number },
): Promise<{ id: string; alt: string }> {
  const processed = await processImage(await demoPicture(input));
  const alt = `${input.name}, ${input.view.toLowerCase()} view: an illustration with its initials on a ${input.category?.toLowerCase() ?? "plain"} background`;
  const row = await insertImageRow(tx, {
    productId: input.productId,
    businessId: input.businessId,
    position: input.position,
    alt,
    pending: false,
    widths: processed.renditions.map((rendition) => rendition.width),
    originalWidth: processed.original.width,
    originalHeight: processed.original.height,
    originalType: processed.original.type,
    originalBytes: processed.original.bytes,
    createdBy: input.createdBy,
  });
  await imageStorage().put(tx, { imageId: row.id, renditions: processed.renditions });
  return { id: row.id, alt };
}

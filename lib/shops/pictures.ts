import { imageUrl, pickWidth, type ProductImageDto } from "@/lib/images/schemas";

/** What an <img> needs for one product image: a default source, every stored width for srcset, the alt text. */
export type Picture = { src: string; srcSet: string; alt: string };

/** The image at the stored width closest to `wanted` (from below), with every stored width in srcset. */
export function pictureOf(input: { productId: string; image: ProductImageDto; wanted: number }): Picture {
  const { productId, image } = input;
  const url = (width: number) => imageUrl({ productId, imageId: image.id, width });
  return {
    src: url(pickWidth(image.widths, input.wanted)),
    srcSet: image.widths.map((width) => `${url(width)} ${width}w`).join(", "),
    alt: image.alt,
  };
}

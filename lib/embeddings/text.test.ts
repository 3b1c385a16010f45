import { describe, expect, it } from "vitest";
import { boundedText, embeddingContentHash, MAX_DESCRIPTION_CHARS, productEmbeddingText } from "./text";

describe("what a product's embedding is made from", () => {
  it("is the name, the category and the start of the description", () => {
    const text = productEmbeddingText({ name: " Velvet Settee ", category: "Furniture", description: "Three-seat settee." });
    expect(text).toBe("Velvet Settee\nCategory: Furniture\nThree-seat settee.");
    expect(productEmbeddingText({ name: "Mug", category: null, description: "" })).toBe("Mug");
    const long = productEmbeddingText({ name: "Rug", category: null, description: "x".repeat(MAX_DESCRIPTION_CHARS + 500) });
    expect(long).toBe(`Rug\n${"x".repeat(MAX_DESCRIPTION_CHARS)}`);
  });

  it("never cuts a character in half", () => {
    expect(boundedText("ab😀", 3)).toBe("ab");
    expect(boundedText("abc", 3)).toBe("abc");
  });

  it("hashes text, model and vector size together, so a change of any of them embeds again", () => {
    const base = embeddingContentHash({ text: "Settee", model: "text-embedding-3-small" });
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(embeddingContentHash({ text: "Settee", model: "text-embedding-3-small" })).toBe(base);
    expect(embeddingContentHash({ text: "Sofa", model: "text-embedding-3-small" })).not.toBe(base);
    expect(embeddingContentHash({ text: "Settee", model: "text-embedding-3-large" })).not.toBe(base);
    expect(embeddingContentHash({ text: "Settee", model: "text-embedding-3-small", dimensions: 512 })).not.toBe(base);
  });
});

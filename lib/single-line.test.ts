import { describe, expect, it } from "vitest";
import { apiKeyNameSchema } from "@/lib/api-keys/schemas";
import { businessNameSchema, personNameSchema } from "@/lib/auth/schemas";
import { categoryCreateSchema } from "@/lib/categories/schemas";
import { productFormSchema } from "@/lib/products/schemas";
import { isSingleLine } from "./single-line";

const product = { description: "A desk.", price: "10.00" };

/** Every one-line name a business or a person gives, as its schema reads it: the value kept, or the first message. */
const names: Record<string, (value: string) => { ok: true; value: unknown } | { ok: false; message: string }> = {
  person: (value) => outcome(personNameSchema.safeParse(value)),
  business: (value) => outcome(businessNameSchema.safeParse(value)),
  product: (value) => outcome(productFormSchema.safeParse({ ...product, name: value }), (data) => (data as { name: string }).name),
  sku: (value) => outcome(productFormSchema.safeParse({ ...product, name: "Desk", sku: value }), (data) => (data as { sku: string }).sku),
  "product category": (value) => outcome(productFormSchema.safeParse({ ...product, name: "Desk", category: value }), (data) => (data as { category: string }).category),
  category: (value) => outcome(categoryCreateSchema.safeParse({ name: value }), (data) => (data as { name: string }).name),
  "API key": (value) => outcome(apiKeyNameSchema.safeParse(value)),
};

function outcome(
  result: { success: true; data: unknown } | { success: false; error: { issues: { message: string }[] } },
  pick: (data: unknown) => unknown = (data) => data,
): { ok: true; value: unknown } | { ok: false; message: string } {
  return result.success ? { ok: true, value: pick(result.data) } : { ok: false, message: result.error.issues[0]!.message };
}

describe("one-line names", () => {
  it("refuse a line break, a tab, a bell or a C1 control inside, with a message that says so", () => {
    for (const [field, parse] of Object.entries(names)) {
      for (const value of ["Ada\nAdmin", "Ada\r\nAdmin", "Ada\tAdmin", "Ada\u0007", "Ada\u0085Admin", "Ada\u001bAdmin"]) {
        // The category manager stores names as products spell them: runs of white space, line breaks included, become one space.
        if (field === "category" && /\s/.test(value)) {
          expect(parse(value), JSON.stringify(value)).toEqual({ ok: true, value: "Ada Admin" });
          continue;
        }
        const result = parse(value);
        expect(result, `${field}: ${JSON.stringify(value)}`).toMatchObject({ ok: false, message: expect.stringContaining("line breaks, tabs or other control characters") });
      }
    }
  });

  it("keep letters of any script, emoji and inner spaces, and trim the ends (a pasted trailing newline included)", () => {
    for (const [field, parse] of Object.entries(names)) {
      expect(parse("Zoë Ångström 😀"), field).toEqual({ ok: true, value: "Zoë Ångström 😀" });
      expect(parse("  Standing Desk\n"), field).toEqual({ ok: true, value: "Standing Desk" });
    }
    expect(isSingleLine("a\u200db")).toBe(true);
  });
});

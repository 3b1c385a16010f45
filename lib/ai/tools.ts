import { z } from "zod";
import type { ToolName } from "./types";

/** The assistant's tools as the model sees them; arguments are re-validated with the zod schemas below. */
export const TOOL_ARGUMENTS = {
  search_products: z.object({
    query: z.string().trim().min(1).max(200),
    limit: z.number().int().min(1).max(10).optional(),
  }),
  get_product: z.object({ productId: z.string().min(1).max(100) }),
  list_my_purchases: z.object({ limit: z.number().int().min(1).max(20).optional() }),
  propose_purchase: z.object({
    productId: z.string().min(1).max(100),
    quantity: z.number().int().min(1).max(100),
  }),
} satisfies Record<ToolName, z.ZodType>;

/** The tools that buy or read purchases: offered only to a caller who can buy here. */
export const PURCHASE_TOOLS: readonly ToolName[] = ["list_my_purchases", "propose_purchase"];

export const TOOL_DEFINITIONS = [
  {
    type: "function",
    function: {
      name: "search_products",
      description: "Full-text search of the business's approved products. Returns the best matches with id, name, price, category, stock.",
      parameters: {
        type: "object",
        properties: {
          query: { type: "string", description: "What the user is looking for, in a few words." },
          limit: { type: "integer", minimum: 1, maximum: 10 },
        },
        required: ["query"],
        additionalProperties: false,
      },
    },
  },
  {
    type: "function",
    function: {
      name: "get_product",
      description: "One approved product of the business by id, with its full description.",
      parameters: {
        type: "object",
        properties: { productId: { type: "string" } },
        required: ["productId"],
        additionalProperties: false,
      },
    },
  },
  {
    type: "function",
    function: {
      name: "list_my_purchases",
      description: "The signed-in user's most recent purchases, newest first.",
      parameters: {
        type: "object",
        properties: { limit: { type: "integer", minimum: 1, maximum: 20 } },
        additionalProperties: false,
      },
    },
  },
  {
    type: "function",
    function: {
      name: "propose_purchase",
      description:
        "Shows the user a purchase proposal card for an approved product. It buys nothing: the user must confirm the card.",
      parameters: {
        type: "object",
        properties: {
          productId: { type: "string" },
          quantity: { type: "integer", minimum: 1, maximum: 100 },
        },
        required: ["productId", "quantity"],
        additionalProperties: false,
      },
    },
  },
] as const;

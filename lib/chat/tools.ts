import "server-only";
import { getDb } from "@/db/client";
import type { ChatCaller } from "@/lib/auth/caller";
import { TOOL_ARGUMENTS } from "@/lib/ai/tools";
import type { ToolOutcome, ToolRuntime } from "@/lib/ai/types";
import type { ProductDto } from "@/lib/products/schemas";
import { getApprovedProduct } from "@/lib/products/service";
import { listRecentPurchasesOfUser } from "@/lib/purchases/queries";
import { retrieveProducts } from "./retrieval";
import type { ProductCard } from "./schemas";

/** The card the user sees for a product the assistant mentioned. */
export function cardOf(product: ProductDto): ProductCard {
  return { id: product.id, name: product.name, price: product.price, category: product.category };
}

/** What the model reads about a product: no ids of people, no workflow state. */
function publicProduct(product: ProductDto, descriptionChars = 300) {
  return {
    id: product.id,
    name: product.name,
    price: product.price,
    category: product.category,
    stock: product.stock,
    description: product.description.slice(0, descriptionChars),
  };
}

/**
 * The tools bound to one caller. Whatever ids or queries the model sends, every lookup runs in
 * the caller's business (and purchases for the caller only); a refusal is a normal tool result
 * the model can explain, never an exception.
 */
export function toolRuntimeFor(caller: ChatCaller): ToolRuntime {
  const businessId = caller.businessId;
  const member = caller.kind === "member" ? caller.actor : null;
  return {
    purchases: member !== null,
    async run(name, args): Promise<ToolOutcome> {
      switch (name) {
        case "search_products": {
          const parsed = TOOL_ARGUMENTS.search_products.safeParse(args);
          if (!parsed.success) return invalid(parsed.error.message);
          const found = await retrieveProducts({ businessId, text: parsed.data.query, limit: parsed.data.limit ?? 5 });
          return { result: { products: found.map((p) => publicProduct(p)) }, products: found.map(cardOf) };
        }
        case "get_product": {
          const parsed = TOOL_ARGUMENTS.get_product.safeParse(args);
          if (!parsed.success) return invalid(parsed.error.message);
          const product = await getApprovedProduct({ businessId, productId: parsed.data.productId });
          if (!product) return { result: { error: "not_found", detail: "No approved product with that id in this catalog." } };
          return { result: { product: publicProduct(product, 2000) }, products: [cardOf(product)] };
        }
        case "list_my_purchases": {
          if (!member) return purchasesNotAvailable();
          const parsed = TOOL_ARGUMENTS.list_my_purchases.safeParse(args ?? {});
          if (!parsed.success) return invalid(parsed.error.message);
          // Always the caller's own purchases, even for an admin, who may otherwise read the whole business.
          const rows = await listRecentPurchasesOfUser(getDb(), { businessId, userId: member.id, limit: parsed.data.limit ?? 10 });
          return {
            result: {
              purchases: rows.map((row) => ({
                id: row.id,
                productId: row.productId,
                productName: row.productName,
                quantity: row.quantity,
                unitPrice: row.unitPrice,
                total: row.total,
                sessionId: row.sessionId,
                createdAt: row.createdAt,
              })),
            },
          };
        }
        case "propose_purchase": {
          if (!member) return purchasesNotAvailable();
          const parsed = TOOL_ARGUMENTS.propose_purchase.safeParse(args);
          if (!parsed.success) return invalid(parsed.error.message);
          const product = await getApprovedProduct({ businessId, productId: parsed.data.productId });
          if (!product) {
            return { result: { error: "not_found", detail: "Refused: no approved product with that id in this catalog." } };
          }
          if (product.stock !== null && product.stock < parsed.data.quantity) {
            return { result: { error: "out_of_stock", detail: `Refused: only ${product.stock} in stock.` } };
          }
          const proposal = { productId: product.id, productName: product.name, quantity: parsed.data.quantity, unitPrice: product.price };
          return {
            result: { proposal, note: "Shown to the user as a card; nothing is bought until they confirm it." },
            proposal,
            products: [cardOf(product)],
          };
        }
        default:
          return { result: { error: "unknown_tool", detail: `There is no tool named ${name}.` } };
      }
    },
  };
}

/** An end user has no purchases here and cannot buy through the assistant. */
function purchasesNotAvailable(): ToolOutcome {
  return { result: { error: "not_available", detail: "Purchases are not available in this chat; the visitor buys on the business's own site." } };
}

function invalid(detail: string): ToolOutcome {
  return { result: { error: "invalid_arguments", detail } };
}

import "server-only";
import { getDb } from "@/db/client";
import type { ChatCaller } from "@/lib/auth/caller";
import type { ChatFile, ChatSession } from "@/db/schema";
import { QUERY_FILE_MAX_ROWS, TOOL_ARGUMENTS } from "@/lib/ai/tools";
import type { ToolOutcome, ToolRuntime } from "@/lib/ai/types";
import { AppError } from "@/lib/errors";
import { imageUrl, pickWidth } from "@/lib/images/queries";
import { runFileToolRequest, type FileToolRequest } from "@/lib/files/service";
import { askForPerson } from "@/lib/inbox/service";
import type { ProductDto } from "@/lib/products/schemas";
import { getApprovedProduct, listApprovedProductsByIds } from "@/lib/products/service";
import { listRecentPurchasesOfUser } from "@/lib/purchases/queries";
import { searchCatalog, type CatalogSearch } from "@/lib/search/service";
import type { ProductCard } from "./schemas";

/** The width a card's thumbnail asks for: sharp on a high-density screen at the size a card shows it. */
const CARD_IMAGE_WIDTH = 160;

/** The card the user sees for a product the assistant mentioned, with its cover picture when it has one. */
export function cardOf(product: ProductDto): ProductCard {
  const [cover] = product.images;
  const card: ProductCard = { id: product.id, name: product.name, price: product.price, category: product.category, stock: product.stock };
  if (!cover) return card;
  return { ...card, image: { url: imageUrl({ productId: product.id, imageId: cover.id, width: pickWidth(cover.widths, CARD_IMAGE_WIDTH) }), alt: cover.alt } };
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

/** Longest cell text handed back to the model; a file may hold 32 KB in one cell. */
const CELL_CHARS = 500;

/**
 * The tools bound to one caller and conversation. Whatever ids or queries the model sends, every
 * lookup runs in the caller's business (purchases for the caller only, files of this conversation
 * only); a refusal is a normal tool result the model can explain, never an exception.
 */
export function toolRuntimeFor(
  caller: ChatCaller,
  conversation: { sessionId?: string; files?: ChatFile[]; onHandlerChange?: (handler: ChatSession["handler"]) => void } = {},
): ToolRuntime {
  const businessId = caller.businessId;
  const member = caller.kind === "member" ? caller.actor : null;
  const files = conversation.files ?? [];
  return {
    purchases: member !== null,
    files: files.map((file) => ({ id: file.id, name: file.name, rows: file.rowCount, columns: file.columns })),
    async run(name, args): Promise<ToolOutcome> {
      switch (name) {
        case "search_products": {
          const parsed = TOOL_ARGUMENTS.search_products.safeParse(args);
          if (!parsed.success) return invalid(parsed.error.message);
          const search = await searchCatalog({ businessId, text: parsed.data.query, limit: parsed.data.limit ?? 5 });
          const found = search.products;
          return { result: { products: found.map((p) => publicProduct(p)), ...searchNotes(search) }, products: found.map(cardOf) };
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
            return { result: { error: "out_of_stock", detail: product.stock === 0 ? "Refused: it is out of stock." : `Refused: only ${product.stock} in stock.` } };
          }
          const proposal = { productId: product.id, productName: product.name, quantity: parsed.data.quantity, unitPrice: product.price };
          return {
            result: { proposal, note: "Shown to the user as a card; nothing is bought until they confirm it." },
            proposal,
            products: [cardOf(product)],
          };
        }
        case "query_file": {
          const parsed = TOOL_ARGUMENTS.query_file.safeParse(args);
          if (!parsed.success) return invalid(parsed.error.message);
          const file = files.find((candidate) => candidate.id === parsed.data.fileId);
          if (!file) return { result: { error: "not_found", detail: "No file with that id in this conversation." } };
          try {
            return await queryFile(businessId, file, fileToolRequest(parsed.data));
          } catch (error) {
            if (error instanceof AppError && error.code === "invalid_request") return invalid(error.detail);
            throw error;
          }
        }
        case "request_human": {
          const parsed = TOOL_ARGUMENTS.request_human.safeParse(args ?? {});
          if (!parsed.success) return invalid(parsed.error.message);
          if (!conversation.sessionId) return { result: { error: "not_available", detail: "There is no conversation to hand to a person." } };
          const sessionId = conversation.sessionId;
          const session = await askForPerson(caller, sessionId);
          conversation.onHandlerChange?.(session.handler);
          return {
            result: {
              status: session.handler,
              note:
                session.handler === "with_person"
                  ? "A person already handles this conversation."
                  : "A person of the business has been asked to join; they reply in this conversation, and the user's next messages go to them, not to you.",
            },
          };
        }
        default:
          return { result: { error: "unknown_tool", detail: `There is no tool named ${name}.` } };
      }
    },
  };
}

/** The model's `query_file` arguments as a request of the file grammar; at most QUERY_FILE_MAX_ROWS records per call. */
function fileToolRequest(args: Record<string, unknown>): FileToolRequest {
  const { aggregate, matchCatalog, limit, ...rest } = args;
  delete rest.fileId;
  const capped = typeof limit === "number" ? Math.min(limit, QUERY_FILE_MAX_ROWS) : undefined;
  if (matchCatalog === true) return { kind: "match_catalog", limit: capped ?? QUERY_FILE_MAX_ROWS };
  if (aggregate !== undefined) {
    const spec = typeof aggregate === "object" && aggregate !== null ? aggregate : { fn: aggregate };
    return { kind: "aggregate", aggregate: { ...spec, where: rest.where, q: rest.q } };
  }
  return { kind: "rows", query: { ...rest, limit: capped ?? 20 } };
}

function shortCells(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(record).map(([key, value]) => [key, typeof value === "string" && value.length > CELL_CHARS ? `${value.slice(0, CELL_CHARS)}…` : value]),
  );
}

async function queryFile(businessId: string, file: ChatFile, request: FileToolRequest): Promise<ToolOutcome> {
  const answer = await runFileToolRequest(file, request);
  switch (answer.kind) {
    case "rows":
      return { result: { file: file.name, count: answer.count, results: answer.results.map(shortCells) } };
    case "aggregate":
      return {
        result: {
          file: file.name,
          aggregate: request.kind === "aggregate" ? request.aggregate : null,
          results: answer.results,
          ...(answer.groups !== undefined ? { groups: answer.groups } : {}),
        },
      };
    case "match_catalog": {
      const found = await listApprovedProductsByIds({ businessId, ids: [...new Set(answer.results.map((match) => match.productId))] });
      const byId = new Map(found.map((product) => [product.id, product]));
      const results = answer.results.flatMap((match) => {
        const product = byId.get(match.productId);
        return product ? [{ row: match.row, matchedBy: match.matchedBy, product: publicProduct(product, 0) }] : [];
      });
      return {
        result: { file: file.name, rows: file.rowCount, skuColumn: answer.skuColumn, nameColumn: answer.nameColumn, matched: answer.total, results },
        products: [...new Map(results.map(({ product }) => [product.id, byId.get(product.id)!])).values()].map(cardOf),
      };
    }
  }
}

/**
 * What the search understood, for the answer to say it ("lighting under $100, cheapest first")
 * and, when nothing matched, the categories to offer instead of inventing a product.
 */
function searchNotes(search: CatalogSearch) {
  const { understood, category, corrections, suggestedCategories } = search;
  const applied = {
    category: category ?? undefined,
    minPrice: understood.minPrice,
    maxPrice: understood.maxPrice,
    order: understood.order,
    count: understood.count,
    inStock: understood.inStock,
  };
  const filters = Object.fromEntries(Object.entries(applied).filter(([, value]) => value !== undefined));
  return {
    ...(Object.keys(filters).length ? { filters } : {}),
    ...(corrections.length ? { correctedWords: corrections } : {}),
    ...(search.products.length ? {} : { note: "No product matches. Do not suggest products that are not in this list.", closestCategories: suggestedCategories }),
  };
}

/** An end user has no purchases here and cannot buy through the assistant. */
function purchasesNotAvailable(): ToolOutcome {
  return { result: { error: "not_available", detail: "Purchases are not available in this chat; the visitor buys on the business's own site." } };
}

function invalid(detail: string): ToolOutcome {
  return { result: { error: "invalid_arguments", detail } };
}

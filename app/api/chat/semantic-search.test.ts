import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as chatPost } from "@/app/api/chat/route";
import { startFakeOpenAI, type FakeOpenAI } from "@/e2e/fake-openai/fake-openai";
import { embeddingSyncsSettled } from "@/lib/embeddings/sync";
import { resetEnv } from "@/lib/env";
import { approveProduct } from "@/lib/products/service";
import { actorOf, createProduct, createTeam } from "@/test/factories";
import { callRoute, tokenFor } from "@/test/http";

let fake: FakeOpenAI;
type Team = Awaited<ReturnType<typeof createTeam>>;
let team: Team;
let settee: { id: string };
let dumbbells: { id: string };

function configure(overrides: Record<string, string | undefined> = {}) {
  const values: Record<string, string | undefined> = {
    OPENAI_API_KEY: "sk-fake-key",
    OPENAI_BASE_URL: fake.baseURL,
    OPENAI_TIMEOUT_MS: "10000",
    EMBEDDINGS_QUERY_TIMEOUT_MS: "3000",
    EMBEDDINGS_ENABLED: undefined,
    ...overrides,
  };
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  resetEnv();
}

async function approved(fields: { name: string; description: string; category: string }) {
  const product = await createProduct({ businessId: team.business.id, status: "pending_approval", createdBy: team.editor.id, submittedBy: team.editor.id, ...fields });
  await approveProduct(actorOf(team.approver), { productId: product.id });
  return product;
}

beforeAll(async () => {
  fake = await startFakeOpenAI();
  configure();
  team = await createTeam();
  settee = await approved({ name: "Velvet Settee", category: "Furniture", description: "Three-seat upholstered settee in emerald velvet." });
  dumbbells = await approved({ name: "Adjustable Dumbbells", category: "Fitness", description: "A pair from 2 to 24 kg." });
  // Approval embeds in the background; the chat needs the vectors stored.
  await embeddingSyncsSettled();
});

afterAll(async () => {
  await embeddingSyncsSettled();
  await fake.close();
});

beforeEach(() => {
  configure();
  fake.reset();
});

/** One chat turn in which the model searches for `query`: the products the search gave it, and the reply. */
async function searchThroughChat(message: string, query: string) {
  // Signed after configure(): each resetEnv brings fresh signing secrets in tests.
  const token = await tokenFor(team.viewer);
  fake.enqueue({ kind: "tool_calls", calls: [{ name: "search_products", arguments: { query } }] });
  const res = await callRoute(chatPost, { token, body: { message } });
  expect(res.status).toBe(200);
  const toolMessage = fake.requests.at(-1)!.body.messages.at(-1)!;
  expect(toolMessage.role).toBe("tool");
  const result = JSON.parse(toolMessage.content!) as { products: { id: string; name: string }[] };
  return { found: result.products.map((product) => product.id), reply: res.body.message as { status: string; content: string; productCards: { id: string }[] | null } };
}

describe("semantic search in the assistant", () => {
  it("finds a product that shares no word with the question, where full-text search alone finds nothing", async () => {
    const question = "something to sit on in the living room";

    configure({ EMBEDDINGS_ENABLED: "false" });
    const textOnly = await searchThroughChat(`I want ${question}`, question);
    expect(textOnly.found).toEqual([]);

    configure();
    fake.reset();
    const blended = await searchThroughChat(`I want ${question}`, question);
    expect(blended.found[0]).toBe(settee.id);
    expect(blended.found).not.toContain(dumbbells.id);
    expect(blended.reply.status).toBe("complete");
    expect(blended.reply.productCards?.map((card) => card.id)).toContain(settee.id);
    expect(fake.embeddingRequests.map((request) => request.body.input)).toContainEqual([question]);
  });

  it("still answers from full-text search while the embeddings endpoint fails", async () => {
    fake.failEmbeddings(500);

    const byName = await searchThroughChat("do you have a velvet settee?", "velvet settee");
    expect(byName.found).toEqual([settee.id]);
    expect(byName.reply.status).toBe("complete");

    const byMeaning = await searchThroughChat("a comfy place to sit in my lounge", "comfy place to sit in my lounge");
    expect(byMeaning.found).toEqual([]);
    expect(byMeaning.reply.status).toBe("complete");
    // The question's embedding was asked for, failed, and was not retried while the shopper waited.
    expect(fake.embeddingRequests.filter((request) => request.body.input[0] === "comfy place to sit in my lounge")).toHaveLength(1);
  });
});

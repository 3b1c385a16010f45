import "server-only";

/**
 * Approved products of one business ranked by meaning (embedding similarity to `text`), best
 * first, at most `limit` ids; null when semantic search is unavailable (no embeddings endpoint
 * configured, the endpoint failed or timed out, or nothing is embedded yet), so the caller keeps
 * its full-text ranking alone.
 */
export async function semanticRanking(input: { businessId: string; text: string; limit: number }): Promise<string[] | null> {
  void input;
  return null;
}

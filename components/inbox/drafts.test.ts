import { describe, expect, it } from "vitest";
import { draftAfterSend, withDraft, withReplySent } from "./drafts";

const A = "0b3c6c1e-0000-4000-8000-00000000000a";
const B = "0b3c6c1e-0000-4000-8000-00000000000b";

describe("the inbox's unsent replies", () => {
  it("keep each conversation's own text when another conversation is opened and written in", () => {
    let drafts = withDraft({}, A, "Your order left the warehouse on");
    drafts = withDraft(drafts, B, "Hello!");
    expect(drafts[A]).toBe("Your order left the warehouse on");
    expect(drafts[B]).toBe("Hello!");
    // Emptied, a conversation holds no draft.
    expect(withDraft(drafts, B, "")).toEqual({ [A]: "Your order left the warehouse on" });
  });

  it("once a reply is sent, keep what was typed after it and nothing of what was sent", () => {
    expect(draftAfterSend("Thanks for waiting", "Thanks for waiting")).toBe("");
    expect(draftAfterSend("  Thanks for waiting \n", "Thanks for waiting")).toBe("");
    expect(draftAfterSend("Thanks for waiting\nI checked the stock", "Thanks for waiting")).toBe("I checked the stock");
    // Changed inside what was sent: the box is left as the admin has it.
    expect(draftAfterSend("Thanks a lot for waiting", "Thanks for waiting")).toBe("Thanks a lot for waiting");
  });

  it("a reply that arrives after another conversation was opened clears its own conversation's draft only", () => {
    const drafts = { [A]: "On its way", [B]: "Let me check" };
    expect(withReplySent(drafts, A, "On its way")).toEqual({ [B]: "Let me check" });
  });
});

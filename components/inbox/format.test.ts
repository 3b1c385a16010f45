import { describe, expect, it } from "vitest";
import { channelLabel, formatRelativeTime, inboxDocumentTitle, previewOf } from "./format";

describe("formatRelativeTime", () => {
  // The test process's own zone: the days below are built in it.
  const ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const now = new Date(2026, 0, 15, 15, 0, 0);
  const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();

  it("reads recent activity relative to now, older by its day", () => {
    expect(formatRelativeTime(ago(20_000), ZONE, now)).toBe("just now");
    // A server clock slightly ahead is still now.
    expect(formatRelativeTime(ago(-5_000), ZONE, now)).toBe("just now");
    expect(formatRelativeTime(ago(5 * 60_000), ZONE, now)).toBe("5 min ago");
    expect(formatRelativeTime(ago(3 * 3_600_000 + 60_000), ZONE, now)).toBe("3 h ago");
    expect(formatRelativeTime(new Date(2026, 0, 14, 9, 0).toISOString(), ZONE, now)).toBe("yesterday");
    expect(formatRelativeTime(new Date(2026, 0, 2, 9, 0).toISOString(), ZONE, now)).toBe("Jan 2");
    expect(formatRelativeTime("not a date", ZONE, now)).toBe("");
  });
});

describe("previewOf", () => {
  const last = (role: "user" | "assistant" | "agent", content: string, authorName: string | null = null) => ({
    role,
    content,
    createdAt: "2026-01-01T00:00:00.000Z",
    authorName,
  });

  it("names who wrote the last message and keeps it on one line", () => {
    expect(previewOf(last("user", "Is the desk\n\nin stock?"), "Vic Viewer")).toBe("Vic Viewer: Is the desk in stock?");
    expect(previewOf(last("assistant", "Yes, 4 left."), "Vic Viewer")).toBe("Assistant: Yes, 4 left.");
    expect(previewOf(last("agent", "I'll check.", "Ada Admin"), "Vic Viewer")).toBe("Ada Admin: I'll check.");
    expect(previewOf(last("assistant", ""), "Vic Viewer")).toBe("Assistant: …");
    expect(previewOf(last("assistant", "Here:\n- **Standing Desk** — $549.00\n- [Desk Lamp](/p/1) `new`"), "Vic")).toBe(
      "Assistant: Here: Standing Desk — $549.00 Desk Lamp new",
    );
    // A person's own words are shown as written.
    expect(previewOf(last("user", "is *this* the one?"), "Vic")).toBe("Vic: is *this* the one?");
    expect(previewOf(null, "Vic Viewer")).toBe("No messages yet");
  });
});

describe("inboxDocumentTitle", () => {
  it("puts the conversations waiting for a person in front of the title", () => {
    expect(inboxDocumentTitle(2, "Inbox · Product Assistant")).toBe("(2) Needs a person · Inbox · Product Assistant");
    expect(inboxDocumentTitle(0, "Inbox · Product Assistant")).toBe("Inbox · Product Assistant");
  });
});

describe("channelLabel", () => {
  it("says where the conversation happens", () => {
    expect(channelLabel({ channel: "widget", person: { kind: "end_user", id: "e1", name: "jamie@example.com" } })).toBe("Website widget");
    expect(channelLabel({ channel: "api", person: { kind: "anonymous", id: null, name: "Anonymous API caller" } })).toBe("API, anonymous");
    expect(channelLabel({ channel: "member", person: { kind: "member", id: "u1", name: "Vic" } })).toBe("Member");
  });
});

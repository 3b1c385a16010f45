import { expect, type Locator, type Page } from "@playwright/test";

/** /inbox: the business's conversations (filters, list) and the open one (messages, reply box, Purchases and Credits tabs). */
export class InboxPage {
  readonly heading: Locator;
  readonly search: Locator;
  readonly statusFilter: Locator;
  readonly personFilter: Locator;
  readonly list: Locator;
  /** The list's column: the filters, the list and, past one page, the pager under it. */
  readonly listColumn: Locator;
  readonly rows: Locator;
  readonly waitingCount: Locator;
  readonly pane: Locator;
  readonly messages: Locator;
  readonly typing: Locator;
  readonly reply: Locator;
  readonly sendButton: Locator;
  readonly takeOverButton: Locator;
  readonly handBackButton: Locator;
  readonly backButton: Locator;

  constructor(private readonly page: Page) {
    this.heading = page.getByRole("heading", { level: 1, name: "Inbox" });
    this.search = page.getByRole("searchbox", { name: "Search messages" });
    this.statusFilter = page.getByRole("combobox", { name: "Status" });
    this.personFilter = page.getByRole("combobox", { name: "Person" });
    this.list = page.getByRole("navigation", { name: "Conversation list" });
    this.listColumn = page.getByRole("region", { name: "Conversations", exact: true });
    // Rows by test id, not within the list's role: on a phone the list is hidden while a conversation is open.
    this.rows = page.getByTestId("inbox-row");
    this.waitingCount = page.getByTestId("waiting-count");
    this.pane = page.locator("section", { has: page.getByRole("tablist", { name: "Conversation views" }) });
    this.messages = this.pane.getByRole("log", { name: "Messages" }).getByTestId("inbox-message");
    this.typing = this.pane.getByTestId("typing-indicator");
    this.reply = page.getByRole("textbox", { name: "Reply", exact: true });
    this.sendButton = page.getByRole("button", { name: "Send", exact: true });
    this.takeOverButton = page.getByRole("button", { name: "Take over", exact: true });
    this.handBackButton = page.getByRole("button", { name: "Hand back", exact: true });
    this.backButton = page.getByRole("button", { name: "Back to conversations" });
  }

  async goto(query = "") {
    await this.page.goto(`/inbox${query}`);
    await expect(this.heading).toBeAttached();
  }

  /** The list's row for one conversation. */
  row(sessionId: string): Locator {
    return this.rows.and(this.page.locator(`[data-session-id="${sessionId}"]`));
  }

  /** The list's rows whose person or last message contains `text`. */
  rowsWith(text: string): Locator {
    return this.rows.filter({ hasText: text });
  }

  async open(row: Locator) {
    const sessionId = await row.getAttribute("data-session-id");
    await row.getByRole("link").click();
    await expect(this.page).toHaveURL(new RegExp(`[?&]session=${sessionId}(&|$)`));
    await expect(this.row(sessionId!).locator("a")).toHaveAttribute("aria-current", "true");
    await expect(this.reply).toBeVisible();
  }

  /** The open conversation's status badge (its text says it). */
  status(): Locator {
    return this.pane.locator("header [data-status]");
  }

  tab(name: "Messages" | "Purchases" | "Credits"): Locator {
    return this.page.getByRole("tab", { name, exact: true });
  }

  panel(name: "Messages" | "Purchases" | "Credits"): Locator {
    return this.page.getByRole("tabpanel", { name, exact: true });
  }

  async send(text: string) {
    await this.reply.fill(text);
    await this.reply.press("Enter");
  }

  /** The id of the open conversation (?session=). */
  sessionId(): string {
    const id = new URL(this.page.url()).searchParams.get("session");
    if (!id) throw new Error(`No conversation open: ${this.page.url()}`);
    return id;
  }
}

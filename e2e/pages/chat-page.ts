import { expect, type Locator, type Page } from "@playwright/test";

/** The /chat screen (docs/architecture.md §5): conversations sidebar, message list, composer, Purchases tab. */
export class ChatPage {
  readonly input: Locator;
  readonly sendButton: Locator;
  readonly stopButton: Locator;
  readonly newChatButton: Locator;
  readonly conversation: Locator;
  readonly assistantMessages: Locator;
  readonly userMessages: Locator;
  readonly balance: Locator;
  readonly chatTab: Locator;
  readonly purchasesTab: Locator;
  readonly purchaseRows: Locator;
  readonly conversations: Locator;

  constructor(private readonly page: Page) {
    this.input = page.getByLabel("Message", { exact: true });
    this.sendButton = page.getByRole("button", { name: "Send", exact: true });
    this.stopButton = page.getByRole("button", { name: "Stop", exact: true });
    this.newChatButton = page.getByRole("button", { name: "New chat", exact: true });
    this.conversation = page.getByRole("log", { name: "Conversation" });
    this.assistantMessages = this.conversation.getByTestId("assistant-message");
    this.userMessages = this.conversation.getByTestId("user-message");
    this.balance = page.getByTestId("credit-balance");
    this.chatTab = page.getByRole("tab", { name: "Chat" });
    this.purchasesTab = page.getByRole("tab", { name: "Purchases" });
    this.purchaseRows = page.getByRole("tabpanel", { name: "Purchases" }).getByTestId("purchase-row");
    this.conversations = page.getByRole("navigation", { name: "Conversation list" }).getByRole("link");
  }

  async goto(sessionId?: string) {
    await this.page.goto(sessionId ? `/chat/${sessionId}` : "/chat");
    await expect(this.input).toBeEditable();
  }

  /** Types the message and presses Enter (the composer's send shortcut). */
  async send(message: string) {
    await this.input.fill(message);
    await this.input.press("Enter");
  }

  lastAssistant(): Locator {
    return this.assistantMessages.last();
  }

  /** Waits until the newest answer stopped streaming, whatever its final status. */
  async waitForAnswer(): Promise<Locator> {
    const answer = this.lastAssistant();
    await expect(answer).toHaveAttribute("data-status", /^(complete|error|aborted)$/, { timeout: 30_000 });
    return answer;
  }

  async credits(): Promise<number> {
    await expect(this.balance).toBeVisible();
    return Number(await this.balance.getAttribute("data-credits"));
  }

  /** The id of the conversation in the URL (/chat/<id>). */
  sessionId(): string {
    const match = /\/chat\/([0-9a-f-]{36})/.exec(this.page.url());
    if (!match?.[1]) throw new Error(`Not on a conversation URL: ${this.page.url()}`);
    return match[1];
  }

  proposalCard(productName: string): Locator {
    return this.page.getByRole("region", { name: `Purchase proposal: ${productName}` });
  }

  async openPurchases() {
    await this.purchasesTab.click();
    await expect(this.purchasesTab).toHaveAttribute("aria-selected", "true");
  }
}

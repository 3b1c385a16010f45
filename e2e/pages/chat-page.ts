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
  /** The balance in the page header, shown on every page. */
  readonly headerBalance: Locator;
  readonly chatTab: Locator;
  readonly purchasesTab: Locator;
  readonly purchaseRows: Locator;
  readonly conversations: Locator;
  readonly attachButton: Locator;
  readonly fileChips: Locator;
  readonly dropHighlight: Locator;
  /** The composer's message about a file that could not be attached. */
  readonly fileAlert: Locator;
  readonly composer: Locator;
  /** The header's button that opens the conversation list on a phone. */
  readonly conversationsButton: Locator;
  /** The phone's drawer holding the conversation list. */
  readonly drawer: Locator;
  readonly searchBox: Locator;
  /** The conversations a search found. */
  readonly foundConversations: Locator;
  readonly suggestions: Locator;

  constructor(private readonly page: Page) {
    this.input = page.getByLabel("Message", { exact: true });
    this.sendButton = page.getByRole("button", { name: "Send", exact: true });
    this.stopButton = page.getByRole("button", { name: "Stop", exact: true });
    this.newChatButton = page.getByRole("button", { name: "New chat", exact: true });
    this.conversation = page.getByRole("log", { name: "Conversation" });
    this.assistantMessages = this.conversation.getByTestId("assistant-message");
    this.userMessages = this.conversation.getByTestId("user-message");
    this.balance = page.getByTestId("credit-balance");
    this.headerBalance = page.getByRole("banner").getByTestId("header-credit-balance");
    this.chatTab = page.getByRole("tab", { name: "Chat" });
    this.purchasesTab = page.getByRole("tab", { name: "Purchases" });
    this.purchaseRows = page.getByRole("tabpanel", { name: "Purchases" }).getByTestId("purchase-row");
    this.conversations = page.getByRole("navigation", { name: "Conversation list" }).getByRole("link");
    this.attachButton = page.getByRole("button", { name: "Attach a file", exact: true });
    this.fileChips = page.getByRole("list", { name: "Attached files" }).getByRole("button");
    this.dropHighlight = page.getByText("Drop a CSV or JSON file to attach it");
    this.fileAlert = page.locator("form", { has: this.input }).getByRole("alert");
    this.composer = page.locator("form", { has: this.input });
    this.conversationsButton = page.getByRole("button", { name: "Conversations", exact: true });
    this.drawer = page.getByRole("dialog", { name: "Conversations" });
    this.searchBox = page.getByRole("searchbox", { name: "Search conversations" });
    this.foundConversations = page.getByRole("navigation", { name: "Conversations found" }).getByRole("link");
    this.suggestions = page.getByTestId("suggested-prompts").getByRole("button");
  }

  // ---- actions under a message ------------------------------------------------------------------

  copyButton(message: Locator): Locator {
    return message.getByRole("group", { name: "Message actions" }).getByRole("button", { name: /^(Copy message|Copied)$/ });
  }

  goodAnswer(message: Locator): Locator {
    return message.getByRole("button", { name: "Good answer" });
  }

  badAnswer(message: Locator): Locator {
    return message.getByRole("button", { name: "Bad answer" });
  }

  costButton(message: Locator): Locator {
    return message.getByRole("button", { name: "Cost of this answer" });
  }

  regenerateButton(message: Locator): Locator {
    return message.getByRole("button", { name: "Regenerate answer" });
  }

  editButton(message: Locator): Locator {
    return message.getByRole("button", { name: "Edit message" });
  }

  /** The inline editor of one of the member's messages. */
  editor(message: Locator): Locator {
    return message.getByRole("form", { name: "Edit message" });
  }

  /** Opens the editor on one of the member's messages, types the new text and sends it with Save & send. */
  async editMessage(message: Locator, text: string) {
    await this.editButton(message).click();
    const editor = this.editor(message);
    await editor.getByRole("textbox").fill(text);
    await editor.getByRole("button", { name: "Save & send" }).click();
  }

  /** "‹ 2 / 3 ›" under a message with several versions. */
  versions(message: Locator): Locator {
    return message.getByRole("group", { name: "Versions" });
  }

  previousVersion(message: Locator): Locator {
    return this.versions(message).getByRole("button", { name: "Previous version" });
  }

  nextVersion(message: Locator): Locator {
    return this.versions(message).getByRole("button", { name: "Next version" });
  }

  /** The dialog asking why an answer was bad. */
  feedbackDialog(): Locator {
    return this.page.getByRole("dialog", { name: "What was wrong with this answer?" });
  }

  /** The text of a message as it is shown (its Markdown rendered). */
  content(message: Locator): Locator {
    return message.getByTestId("message-content");
  }

  productCard(message: Locator, name: string): Locator {
    return message.getByTestId("product-card").filter({ has: this.page.getByText(name, { exact: true }) });
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

  /**
   * The id of the conversation in the URL (/chat/<id>). A new chat moves there when its first answer
   * names the conversation, through a router navigation that may finish after the answer does: waited for.
   */
  async sessionId(): Promise<string> {
    await expect(this.page).toHaveURL(/\/chat\/[0-9a-f-]{36}/);
    return /\/chat\/([0-9a-f-]{36})/.exec(this.page.url())![1]!;
  }

  /** The sidebar's link to a conversation whose title contains `text`. */
  conversationLink(text: string): Locator {
    return this.conversations.filter({ hasText: text });
  }

  async renameConversation(from: string, to: string) {
    await this.page.getByRole("button", { name: `Rename “${from}”` }).click();
    const title = this.page.getByLabel("Conversation title");
    await title.fill(to);
    await title.press("Enter");
    await expect(this.conversationLink(to)).toBeVisible();
  }

  async deleteConversation(title: string) {
    await this.page.getByRole("button", { name: `Delete “${title}”` }).click();
    await this.page.getByRole("dialog", { name: "Delete this conversation?" }).getByRole("button", { name: "Delete" }).click();
    await expect(this.conversationLink(title)).toHaveCount(0);
  }

  proposalCard(productName: string): Locator {
    return this.page.getByRole("region", { name: `Purchase proposal: ${productName}` });
  }

  async openPurchases() {
    await this.purchasesTab.click();
    await expect(this.purchasesTab).toHaveAttribute("aria-selected", "true");
  }

  // ---- files ----------------------------------------------------------------------------------

  /** Chooses files with the Attach button's file picker. */
  async attach(...files: { name: string; mimeType: string; buffer: Buffer }[]) {
    const chooser = this.page.waitForEvent("filechooser");
    await this.attachButton.click();
    await (await chooser).setFiles(files);
  }

  /**
   * Drags a file over the conversation and drops it, as the browser does for a file dragged in from
   * the desktop; `beforeDrop` runs while the drop highlight is showing.
   */
  async dropFile(file: { name: string; mimeType: string; content: string }, beforeDrop?: () => Promise<void>) {
    const target = this.page.getByRole("region", { name: "Messages" });
    const dataTransfer = await this.page.evaluateHandle(({ name, mimeType, content }) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([content], name, { type: mimeType }));
      return transfer;
    }, file);
    await target.dispatchEvent("dragenter", { dataTransfer });
    await target.dispatchEvent("dragover", { dataTransfer });
    await expect(this.dropHighlight).toBeVisible();
    await beforeDrop?.();
    await target.dispatchEvent("drop", { dataTransfer });
    await expect(this.dropHighlight).toBeHidden();
  }

  fileChip(name: string): Locator {
    return this.fileChips.filter({ hasText: `${name} ·` });
  }

  uploadProgress(name: string): Locator {
    return this.page.getByRole("progressbar", { name: `Uploading ${name}` });
  }

  /** The panel of one attached file, opened from its chip. */
  filePanel(name: string): Locator {
    return this.page.getByRole("dialog", { name });
  }

  async openFile(name: string): Promise<Locator> {
    await this.fileChip(name).click();
    const panel = this.filePanel(name);
    await expect(panel).toBeVisible();
    return panel;
  }
}

import { expect, type FrameLocator, type Locator, type Page } from "@playwright/test";

/** The embeddable widget on a host page: the launcher /widget.js adds, and the chat in its iframe. */
export class WidgetPage {
  readonly launcher: Locator;
  readonly frameElement: Locator;
  readonly frame: FrameLocator;
  readonly greeting: Locator;
  readonly conversation: Locator;
  readonly assistantMessages: Locator;
  readonly userMessages: Locator;
  readonly input: Locator;
  readonly sendButton: Locator;
  readonly stopButton: Locator;
  readonly closeButton: Locator;
  readonly failure: Locator;

  constructor(private readonly page: Page) {
    // The launcher lives in the widget's shadow root, which Playwright's locators see into.
    this.launcher = page.locator("[data-product-assistant]").getByRole("button");
    this.frameElement = page.locator("[data-product-assistant] iframe");
    this.frame = page.frameLocator("[data-product-assistant] iframe");
    this.conversation = this.frame.getByRole("log", { name: "Conversation" });
    this.greeting = this.conversation.getByTestId("assistant-greeting");
    this.assistantMessages = this.conversation.getByTestId("assistant-message");
    this.userMessages = this.conversation.getByTestId("user-message");
    this.input = this.frame.getByRole("textbox", { name: "Message" });
    this.sendButton = this.frame.getByRole("button", { name: "Send", exact: true });
    this.stopButton = this.frame.getByRole("button", { name: "Stop", exact: true });
    this.closeButton = this.frame.getByRole("button", { name: "Close chat" });
    // Next's route announcer is an alert too; the chat's own sit under the messages.
    this.failure = this.frame.getByRole("region", { name: "Messages" }).getByRole("alert");
  }

  async goto(url: string) {
    await this.page.goto(url);
    await expect(this.launcher).toBeVisible();
    await this.page.waitForFunction(() => "ProductAssistant" in window);
  }

  async open() {
    await this.launcher.click();
    await expect(this.launcher).toHaveAttribute("aria-expanded", "true");
    await expect(this.input).toBeEditable();
  }

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
}

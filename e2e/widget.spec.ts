import { createHmac, randomBytes } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { APP_URL, MODEL_APP_URL } from "../playwright.config";
import { DEMO, DEMO_PASSWORD, signInDirectly } from "./pages/login-page";
import { WidgetPage } from "./pages/widget-page";
import { startHostPage, type HostPage } from "./widget-host";
import { apiGet, recordTurnRequests } from "./fixtures/api";
import { holdRequests } from "./fixtures/held-requests";

/**
 * The embeddable widget (GET /widget.js, /embed/<publishable key>) on another site's page: a shop
 * served from an origin the key allows, and the same page from one it does not.
 */

type Json = Record<string, unknown>;

let shop: HostPage;
let elsewhere: HostPage;

test.beforeAll(async () => {
  shop = await startHostPage();
  elsewhere = await startHostPage();
});

test.afterAll(async () => {
  await shop?.close();
  await elsewhere?.close();
});

// The dashboard test reads what the first one did.
test.describe.configure({ mode: "serial" });

const run = randomBytes(4).toString("hex");
const shopper = `shopper-${run}@e2e.test`;

async function adminToken(request: APIRequestContext, app = APP_URL): Promise<string> {
  const response = await request.post(`${app}/api/auth/login`, { data: { email: DEMO.admin, password: DEMO_PASSWORD } });
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as { access: string }).access;
}

/** A publishable key of the demo business, made the way an admin makes one: through the API. */
async function createPublishableKey(request: APIRequestContext, input: { app?: string; token: string; origins: string[] }): Promise<string> {
  const response = await request.post(`${input.app ?? APP_URL}/api/api-keys`, {
    headers: { Authorization: `Bearer ${input.token}` },
    data: { name: `Widget e2e ${run} ${randomBytes(2).toString("hex")}`, kind: "publishable", allowedOrigins: input.origins },
  });
  expect(response.status(), await response.text()).toBe(201);
  const body = (await response.json()) as { key: string; apiKey: { kind: string; allowedOrigins: string[] } };
  expect(body.apiKey).toMatchObject({ kind: "publishable", allowedOrigins: input.origins });
  expect(body.key).toMatch(/^pk_[A-Za-z0-9_-]{43}$/);
  return body.key;
}

function isPost(path: string) {
  return (response: { url: () => string; request: () => { method: () => string } }) =>
    new URL(response.url()).pathname === path && response.request().method() === "POST";
}

function frameAncestors(csp: string | undefined): string | undefined {
  return /frame-ancestors ([^;]*)/.exec(csp ?? "")?.[1];
}

async function identify(page: Page, identity: { userIdentifier: string; userHash?: string } | null) {
  await page.evaluate((input) => {
    (window as unknown as { ProductAssistant: { identify: (value: typeof input) => void } }).ProductAssistant.identify(input);
  }, identity);
}

test("on an allowed shop page the launcher opens the chat: greeting, a verified visitor, a grounded streamed answer with product cards", async ({
  page,
  request,
}) => {
  const token = await adminToken(request);
  const key = await createPublishableKey(request, { token, origins: [shop.origin] });
  const business = await apiGet<{ settings: { botName: string; greeting: string } }>(request, token, `${APP_URL}/api/business`);
  const { secret } = await apiGet<{ secret: string }>(request, token, `${APP_URL}/api/business/identity-secret`);
  const userHash = createHmac("sha256", secret).update(shopper).digest("hex");

  await page.setViewportSize({ width: 1280, height: 800 });
  const widget = new WidgetPage(page);
  await widget.goto(shop.url({ app: APP_URL, key }));
  await expect(widget.launcher).toHaveAttribute("aria-label", /^Open chat with /);
  await expect(widget.launcher).toHaveAttribute("aria-expanded", "false");
  // The host page says who the visitor is before the chat exists; the widget keeps it for the iframe.
  await identify(page, { userIdentifier: shopper, userHash });

  const embedded = page.waitForResponse((r) => new URL(r.url()).pathname === `/embed/${key}`);
  await widget.open();
  const embedResponse = await embedded;
  expect(frameAncestors(embedResponse.headers()["content-security-policy"])).toBe(shop.origin);
  expect(embedResponse.headers()["x-frame-options"]).toBeUndefined();
  await expect(widget.greeting).toHaveText(business.settings.greeting);
  await expect(widget.frame.getByRole("heading", { level: 1 })).toHaveText(business.settings.botName);
  await expect(widget.frame.getByText(`Signed in as ${shopper}`)).toBeVisible();
  // The panel: bottom-right, about 380 × 600, above the launcher.
  const panel = (await widget.frameElement.boundingBox())!;
  expect(panel.width).toBe(380);
  expect(panel.height).toBe(600);
  expect(panel.x + panel.width).toBe(1280 - 20);

  const minted = page.waitForResponse(isPost("/api/widget/sessions"));
  const opened = page.waitForResponse(isPost("/api/chat/sessions"));
  const streamed = page.waitForResponse(isPost("/api/chat"));
  await widget.send("do you have a standing desk?");
  await expect(widget.userMessages.last()).toHaveText("do you have a standing desk?");
  await expect(widget.input).toHaveValue("");

  const mint = await minted;
  expect(mint.status()).toBe(201);
  expect(mint.request().postDataJSON()).toEqual({ userIdentifier: shopper, userHash });
  expect(mint.request().headers()["x-api-key"]).toBe(key);
  expect(((await mint.json()) as { endUser: Json }).endUser).toMatchObject({ userIdentifier: shopper, verified: true });
  const session = await opened;
  expect(session.status()).toBe(201);
  expect(session.request().postDataJSON()).toEqual({ config: { pageContext: { url: `${shop.origin}/`, title: "Corner Desk Shop" } } });

  const response = await streamed;
  expect(response.headers()["content-type"]).toContain("text/event-stream");
  const events = [...(await response.text()).matchAll(/^event: (\w+)$/gm)].map((m) => m[1]);
  expect(events[0]).toBe("meta");
  expect(events.at(-1)).toBe("done");
  expect(events.filter((e) => e === "delta").length).toBeGreaterThan(1);

  const answer = await widget.waitForAnswer();
  await expect(answer).toHaveAttribute("data-status", "complete");
  await expect(answer).toContainText("Standing Desk");
  await expect(answer).toContainText("$549.00");
  const card = answer.getByTestId("product-card").filter({ has: widget.frame.getByText("Standing Desk", { exact: true }) });
  await expect(card).toContainText("$549.00");
  await expect(card).toContainText("Furniture");

  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  await page.screenshot({ path: "test-results/widget-1280.png" });

  // The next page of the shop continues the same conversation.
  await page.reload();
  await identify(page, { userIdentifier: shopper, userHash });
  await widget.open();
  await expect(widget.userMessages.last()).toHaveText("do you have a standing desk?");
  await expect(widget.lastAssistant()).toContainText("$549.00");
  await expect(widget.lastAssistant().getByTestId("product-card").filter({ hasText: "Standing Desk" }).first()).toBeVisible();
});

test("a visitor who signs out of the shop without a reload (identify(null)) is forgotten: the next person chats anonymously and sees nothing of theirs", async ({
  page,
  request,
}) => {
  const token = await adminToken(request);
  const key = await createPublishableKey(request, { token, origins: [shop.origin] });
  const { secret } = await apiGet<{ secret: string }>(request, token, `${APP_URL}/api/business/identity-secret`);
  const leaving = `leaving-${randomBytes(4).toString("hex")}@example.com`;
  const widget = new WidgetPage(page);
  await widget.goto(shop.url({ app: APP_URL, key }));
  await identify(page, { userIdentifier: leaving, userHash: createHmac("sha256", secret).update(leaving).digest("hex") });
  await widget.open();
  await expect(widget.frame.getByText(`Signed in as ${leaving}`)).toBeVisible();
  await widget.send("my order for the standing desk?");
  await expect(await widget.waitForAnswer()).toHaveAttribute("data-status", "complete");

  await identify(page, null);
  await expect(widget.frame.getByText(`Signed in as ${leaving}`)).toHaveCount(0);
  await expect(widget.userMessages).toHaveCount(0);
  const minted = page.waitForResponse(isPost("/api/widget/sessions"));
  await widget.send("do you have desk lamps?");
  const mint = await minted;
  expect(mint.request().postDataJSON()).not.toHaveProperty("userIdentifier");
  expect(((await mint.json()) as { endUser: Json }).endUser).toMatchObject({ userIdentifier: null, verified: false });
  await expect(await widget.waitForAnswer()).toHaveAttribute("data-status", "complete");
  await expect(widget.userMessages).toHaveCount(1);
  await expect(widget.userMessages.first()).toHaveText("do you have desk lamps?");
});

test("keyboard and small screens: Tab and Enter open the chat, Escape closes it; at 390 px it fills the screen and Close returns to the launcher", async ({
  page,
  request,
}) => {
  const token = await adminToken(request);
  const key = await createPublishableKey(request, { token, origins: [shop.origin] });
  const business = await apiGet<{ settings: { botName: string } }>(request, token, `${APP_URL}/api/business`);
  await page.setViewportSize({ width: 1280, height: 800 });
  const widget = new WidgetPage(page);
  await widget.goto(shop.url({ app: APP_URL, key }));

  await page.keyboard.press("Tab");
  await expect(widget.launcher).toBeFocused();
  // A two-tone focus ring, visible on light and dark pages alike.
  await expect(widget.launcher).toHaveCSS("box-shadow", /rgb\(255, 255, 255\) 0px 0px 0px 3px, rgb\(17, 24, 39\) 0px 0px 0px 6px/);
  await page.keyboard.press("Enter");
  await expect(widget.launcher).toHaveAttribute("aria-expanded", "true");
  await expect(widget.launcher).toHaveAttribute("aria-label", "Close chat");
  await expect(widget.input).toBeFocused();
  await expect(widget.frame.getByRole("log", { name: "Conversation" })).toHaveAttribute("aria-live", "polite");

  // Escape inside the chat closes it and gives the focus back to the launcher.
  await widget.input.press("Escape");
  await expect(widget.frameElement).toBeHidden();
  await expect(widget.launcher).toHaveAttribute("aria-expanded", "false");
  await expect(widget.launcher).toBeFocused();
  // The chat told the launcher whose it is.
  await expect(widget.launcher).toHaveAttribute("aria-label", `Open chat with ${business.settings.botName}`);
  // Escape on the host page closes it too; the page's script can open and close it.
  await page.evaluate(() => (window as unknown as { ProductAssistant: { open: () => void } }).ProductAssistant.open());
  await expect(widget.frameElement).toBeVisible();
  await page.locator("h1").click();
  await page.keyboard.press("Escape");
  await expect(widget.frameElement).toBeHidden();

  await page.setViewportSize({ width: 390, height: 844 });
  await widget.launcher.click();
  await expect(widget.input).toBeEditable();
  await expect.poll(() => widget.frameElement.boundingBox()).toEqual({ x: 0, y: 0, width: 390, height: 844 });
  await expect(widget.launcher).toBeHidden();
  await expect(widget.greeting).toBeVisible();
  await page.screenshot({ path: "test-results/widget-390.png" });
  await page.emulateMedia({ colorScheme: "dark" });
  await widget.send("a desk lamp under $100?");
  await expect(await widget.waitForAnswer()).toHaveAttribute("data-status", "complete");
  await expect(widget.lastAssistant().getByTestId("product-card").first()).toBeVisible();
  await page.screenshot({ path: "test-results/widget-390-dark.png" });
  await widget.closeButton.click();
  await expect(widget.frameElement).toBeHidden();
  await expect(widget.launcher).toBeVisible();
  await expect(widget.launcher).toBeFocused();
});

test("an expired conversation or visitor token is replaced unnoticed; an empty wallet or a rate limit gets a friendly word and keeps the text", async ({
  page,
  request,
}) => {
  const key = await createPublishableKey(request, { token: await adminToken(request), origins: [shop.origin] });
  const posts: string[] = [];
  page.on("request", (r) => {
    if (r.method() === "POST") posts.push(new URL(r.url()).pathname);
  });
  const count = (path: string) => posts.filter((p) => p === path).length;
  // The next POST /api/chat is answered with this refusal instead of reaching the app.
  let refusal: { status: number; body: Json; headers?: Record<string, string> } | null = null;
  await page.route("**/api/chat", async (route) => {
    const answer = route.request().method() === "POST" ? refusal : null;
    refusal = null;
    if (answer) await route.fulfill({ status: answer.status, json: answer.body, headers: answer.headers });
    else await route.continue();
  });

  const widget = new WidgetPage(page);
  await widget.goto(shop.url({ app: APP_URL, key }));
  await widget.open();
  // Shift+Enter is a new line, not a send.
  await widget.input.fill("desk lamps");
  await widget.input.press("Shift+Enter");
  await widget.input.pressSequentially("under $100");
  await expect(widget.input).toHaveValue("desk lamps\nunder $100");
  await expect(widget.userMessages).toHaveCount(0);
  await widget.input.press("Enter");
  await expect(await widget.waitForAnswer()).toHaveAttribute("data-status", "complete");
  await expect(widget.userMessages.last()).toHaveText("desk lamps\nunder $100");
  expect([count("/api/widget/sessions"), count("/api/chat/sessions")]).toEqual([1, 1]);

  // The conversation timed out (410): a new one is opened and the message sent again.
  refusal = { status: 410, body: { error: "session_expired", detail: "This conversation has expired." } };
  await widget.send("do you have a standing desk?");
  await expect(widget.frame.getByText("Your earlier conversation timed out, so this is a new one.")).toBeVisible();
  await expect(await widget.waitForAnswer()).toHaveAttribute("data-status", "complete");
  await expect(widget.lastAssistant()).toContainText("Standing Desk");
  await expect(widget.userMessages).toHaveCount(1);
  expect([count("/api/widget/sessions"), count("/api/chat/sessions")]).toEqual([1, 2]);

  // The visitor token ran out (401): a new one is minted and the message sent again, once.
  refusal = { status: 401, body: { error: "unauthorized", detail: "The visitor token has expired." } };
  await widget.send("and an office chair?");
  await expect(await widget.waitForAnswer()).toHaveAttribute("data-status", "complete");
  await expect(widget.userMessages.last()).toHaveText("and an office chair?");
  expect([count("/api/widget/sessions"), count("/api/chat/sessions")]).toEqual([2, 2]);

  // What the visitor cannot fix is said plainly; nothing typed is lost.
  refusal = { status: 402, body: { error: "insufficient_credits", detail: "The business wallet is empty." } };
  await widget.send("a monitor arm?");
  await expect(widget.failure).toHaveText("The assistant can't take questions right now. Please try again later.");
  await expect(widget.input).toHaveValue("a monitor arm?");
  await expect(widget.userMessages).toHaveCount(2);

  refusal = { status: 429, body: { error: "rate_limited", detail: "Too many requests." }, headers: { "retry-after": "20" } };
  await widget.sendButton.click();
  await expect(widget.failure).toHaveText("You're sending messages quickly. Please wait a moment and try again.");
  await expect(widget.input).toHaveValue("a monitor arm?");
});

test("a conversation the next page cannot read at once (a 503) is continued, not forgotten: it shows once the live stream reads it, and the next message goes on in it", async ({
  page,
  request,
}) => {
  const key = await createPublishableKey(request, { token: await adminToken(request), origins: [shop.origin] });
  const widget = new WidgetPage(page);
  await widget.goto(shop.url({ app: APP_URL, key }));
  await widget.open();
  const opened = page.waitForResponse(isPost("/api/chat/sessions"));
  await widget.send("desk lamps");
  const sessionId = ((await (await opened).json()) as { id: string }).id;
  await expect(await widget.waitForAnswer()).toHaveAttribute("data-status", "complete");

  // The next page's first read of the conversation is refused, as an overloaded database has it refused.
  let refused = 0;
  await page.route("**/api/chat/history?*", async (route) => {
    if (refused > 0) return route.continue();
    refused += 1;
    await route.fulfill({ status: 503, json: { error: "service_unavailable", detail: "Please try again." }, headers: { "retry-after": "1" } });
  });
  await page.reload();
  await widget.open();
  await expect(widget.userMessages.last()).toHaveText("desk lamps");
  await expect(widget.lastAssistant()).toContainText("Lamp");
  expect(refused).toBe(1);

  const sent = page.waitForRequest((sending) => sending.method() === "POST" && new URL(sending.url()).pathname === "/api/chat");
  await widget.send("and a floor lamp?");
  expect((await sent).postDataJSON()).toMatchObject({ sessionId });
  await expect(await widget.waitForAnswer()).toHaveAttribute("data-status", "complete");
  await expect(widget.userMessages).toHaveCount(2);
  await expect(widget.frame.getByText("Your earlier conversation timed out, so this is a new one.")).toHaveCount(0);
});

test("a page on an origin the key does not allow gets no launcher and a console word why; the browser refuses the chat there even when framed by hand", async ({
  page,
  request,
}) => {
  const key = await createPublishableKey(request, { token: await adminToken(request), origins: [shop.origin] });
  const console: string[] = [];
  page.on("console", (message) => console.push(message.text()));
  await page.goto(elsewhere.url({ app: APP_URL, key }));
  await page.waitForFunction(() => "ProductAssistant" in window);
  await expect.poll(() => console.some((text) => text.includes(`the chat is not shown: ${elsewhere.origin} is not among this key's allowed origins`))).toBe(true);
  const widget = new WidgetPage(page);
  await expect(widget.launcher).toHaveCount(0);
  // open() has nothing to open.
  await page.evaluate(() => (window as unknown as { ProductAssistant: { open: () => void } }).ProductAssistant.open());
  await expect(widget.frameElement).toHaveCount(0);

  // A page that frames the chat itself, without the script: the app's header tells the browser no.
  const embedded = page.waitForResponse((r) => new URL(r.url()).pathname === `/embed/${key}`);
  await page.evaluate((src) => {
    const frame = document.createElement("iframe");
    frame.src = src;
    frame.id = "framed-by-hand";
    document.body.appendChild(frame);
  }, `${APP_URL}/embed/${key}`);
  const response = await embedded;
  expect(frameAncestors(response.headers()["content-security-policy"])).toBe(shop.origin);
  // Chromium leaves the frame on its error page, with none of the chat in it, and says why.
  const frame = await (await page.locator("#framed-by-hand").elementHandle())!.contentFrame();
  await expect.poll(() => frame!.url()).toMatch(/^chrome-error:/);
  await expect.poll(() => console.some((text) => text.includes("frame-ancestors"))).toBe(true);
  await expect(page.frameLocator("#framed-by-hand").getByRole("textbox")).toHaveCount(0);

  // The same key on the page it allows: the launcher.
  await widget.goto(shop.url({ app: APP_URL, key }));
});

test("an unknown key's chat says it is not available, and no page may frame it; the demo page's key opens at the app's address and says why it cannot elsewhere", async ({ page }) => {
  const response = await page.goto(`/embed/pk_${"Z".repeat(43)}`);
  expect(response!.status()).toBe(404);
  expect(frameAncestors(response!.headers()["content-security-policy"])).toBe("'none'");
  await expect(page.getByRole("heading", { name: "This assistant is not available" })).toBeVisible();

  // The demo shop page embeds the script with the demo key, which allows the app's own address: it opens.
  await page.goto("/widget-demo");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Everything for a better workspace");
  const widget = new WidgetPage(page);
  await expect(widget.launcher).toBeVisible();
  await expect(page.getByTestId("widget-demo-blocked")).toHaveCount(0);
  await widget.open();
  await expect(widget.greeting).toBeVisible();

  // At an address the key does not list, the browser refuses the frame without a word: the page says why.
  const elsewhere = APP_URL.replace("127.0.0.1", "localhost");
  await page.goto(`${elsewhere}/widget-demo`);
  await expect(page.getByTestId("widget-demo-blocked")).toContainText(`cannot open at ${elsewhere}: the demo key allows the widget only on`);
  await expect(page.getByTestId("widget-demo-blocked")).toContainText(APP_URL);
});

/** The demo page's widget, opened, after its visitor asked for a person and the assistant said it asked one. */
async function askForPersonOnDemoPage(page: Page): Promise<WidgetPage> {
  await page.goto("/widget-demo");
  const widget = new WidgetPage(page);
  await expect(widget.launcher).toBeVisible();
  await widget.open();
  await widget.send("Can I talk to a human please?");
  await expect(await widget.waitForAnswer()).toContainText("asked a person from the team to join");
  return widget;
}

test("a visitor who asked for a person waits for them, and may go back to the assistant before one joins", async ({ page }) => {
  const widget = await askForPersonOnDemoPage(page);

  // The next message waits for the person: no answer from the assistant.
  const answers = await widget.assistantMessages.count();
  await widget.send("Hello, anyone there?");
  await expect(widget.frame.getByText("A person from the team has your message and will reply here.")).toBeVisible();
  const back = widget.frame.getByRole("button", { name: "Continue with the assistant" });
  await expect(back).toBeVisible();
  await expect(widget.assistantMessages).toHaveCount(answers);
  await page.screenshot({ path: "test-results/widget-waiting-for-person.png" });

  await back.click();
  await expect(back).toHaveCount(0);
  await expect(widget.frame.getByText("A person from the team has your message and will reply here.")).toHaveCount(0);
  await widget.send("which desks do you have?");
  await expect(await widget.waitForAnswer()).toContainText("Desk");
  await expect(widget.assistantMessages).toHaveCount(answers + 1);
});

test("a conversation that timed out while its visitor waited for a person leaves no waiting line on the new one, even when the new one's first message is refused", async ({ page }) => {
  const widget = await askForPersonOnDemoPage(page);
  await widget.send("Hello, anyone there?");
  const waiting = widget.frame.getByText("A person from the team has your message and will reply here.");
  await expect(waiting).toBeVisible();

  // The conversation has timed out (410); the new one's first message finds the wallet empty (402).
  const refusals = [
    { status: 410, json: { error: "session_expired", detail: "This conversation has expired." } },
    { status: 402, json: { error: "insufficient_credits", detail: "The business wallet is empty." } },
  ];
  await page.route("**/api/chat", async (route) => {
    const refusal = route.request().method() === "POST" ? refusals.shift() : undefined;
    if (refusal) await route.fulfill(refusal);
    else await route.continue();
  });
  await widget.send("Still there?");
  await expect(widget.failure).toHaveText("The assistant can't take questions right now. Please try again later.");
  await expect(widget.frame.getByText("Your earlier conversation timed out, so this is a new one.")).toBeVisible();
  await expect(waiting).toHaveCount(0);
  await expect(widget.frame.getByRole("button", { name: "Continue with the assistant" })).toHaveCount(0);
  await expect(widget.input).toHaveValue("Still there?");
});

/** Resolves once the widget's live stream (in its iframe, shown or hidden) is subscribed: the server answers it only then. */
function liveStreamSubscribed(page: Page) {
  return page.waitForResponse((response) => new URL(response.url()).pathname === "/api/events" && response.status() === 200);
}

test("a visitor who asked for a person sees it at once and after a reload, sees a person join and hand back, live, and the closed launcher counts their replies on every page", async ({
  page,
  request,
}) => {
  const sessions: string[] = [];
  page.on("response", async (response) => {
    if (isPost("/api/chat/sessions")(response) && response.status() === 201) sessions.push(((await response.json()) as { id: string }).id);
  });
  // "Typing" signals the visitor's widget sends, with the server's answer.
  const typingSignals: { on: unknown; status: number }[] = [];
  page.on("response", (response) => {
    if (/^\/api\/chat\/sessions\/[^/]+\/typing$/.test(new URL(response.url()).pathname)) {
      typingSignals.push({ on: (response.request().postDataJSON() as { on?: unknown }).on, status: response.status() });
    }
  });
  const widget = await askForPersonOnDemoPage(page);

  // The request's own event says so: no second message is needed to learn it.
  const waiting = widget.frame.getByText("A person from the team has your message and will reply here.");
  const back = widget.frame.getByRole("button", { name: "Continue with the assistant" });
  await expect(waiting).toBeVisible();
  await expect(back).toBeVisible();
  expect(sessions).toHaveLength(1);
  const sessionId = sessions[0]!;

  // Back on the page later: the stored conversation says who answers it. The chat loads with the page,
  // hidden, because a person may answer while the visitor reads the page.
  // What the chat tells the page about following the conversation, from the page's first script on.
  await page.addInitScript(() => {
    const told: unknown[] = [];
    (window as unknown as { __followTold: unknown[] }).__followTold = told;
    window.addEventListener("message", (event) => {
      const data = event.data as { type?: unknown; following?: unknown } | null;
      if (data?.type === "follow") told.push(data.following);
    });
  });
  let subscribed = liveStreamSubscribed(page);
  await page.reload();
  await expect(widget.launcher).toBeVisible();
  await expect(widget.frameElement).toBeAttached();
  await expect(widget.launcher).toHaveAttribute("aria-expanded", "false");
  await subscribed;
  // Only once it has read the conversation back: a "no person" before that would clear the page's flag for a while.
  await expect.poll(() => page.evaluate(() => (window as unknown as { __followTold: unknown[] }).__followTold)).toEqual([true]);
  await widget.open();
  await expect(widget.assistantMessages.last()).toContainText("asked a person from the team to join");
  await expect(waiting).toBeVisible();
  await expect(back).toBeVisible();
  await page.screenshot({ path: "test-results/widget-waiting-after-reload.png" });

  // A person joins: there is no request left to take back, and the visitor's messages still go to them.
  const token = await adminToken(request);
  const takeover = await request.post(`/api/inbox/${sessionId}/takeover`, { headers: { Authorization: `Bearer ${token}` } });
  expect(takeover.status(), await takeover.text()).toBe(200);
  await expect(back).toHaveCount(0);
  const withPerson = widget.frame.getByText("You’re talking with a person from the team; they reply here.");
  await expect(withPerson).toBeVisible();
  await expect(waiting).toHaveCount(0);
  const notices = widget.conversation.getByTestId("widget-notice");
  await expect(notices).toHaveText(["Ada Admin from the team joined the conversation."]);

  // The person sees the visitor typing; the assistant never needed to (nothing was sent before a person joined).
  expect(typingSignals).toEqual([]);
  await widget.input.fill("It is about my order");
  await expect.poll(() => typingSignals).toEqual([{ on: true, status: 204 }]);

  // The person's reply comes live, under what the visitor last wrote and what the assistant answered.
  await widget.input.press("Enter");
  await expect(widget.userMessages.last()).toHaveText("It is about my order");
  const reply = await request.post(`/api/inbox/${sessionId}/reply`, { headers: { Authorization: `Bearer ${token}` }, data: { message: "Hi, Ada here. Let me look." } });
  expect(reply.status(), await reply.text()).toBe(201);
  const said = widget.conversation.locator("[data-testid=user-message], [data-testid=assistant-message], [data-testid=agent-message]");
  await expect(said.last()).toContainText("Hi, Ada here. Let me look.");
  const order = await said.evaluateAll((nodes) => nodes.map((node) => node.getAttribute("data-testid")));
  expect(order.slice(-4)).toEqual(["user-message", "assistant-message", "user-message", "agent-message"]);
  // The line about the person joining stays where it happened: after the assistant's answer, before the visitor's next message.
  const lines = widget.conversation.locator("[data-testid=user-message], [data-testid=assistant-message], [data-testid=agent-message], [data-testid=widget-notice]");
  expect((await lines.evaluateAll((nodes) => nodes.map((node) => node.getAttribute("data-testid")))).slice(-4)).toEqual([
    "assistant-message",
    "widget-notice",
    "user-message",
    "agent-message",
  ]);
  await page.screenshot({ path: "test-results/widget-person-joined.png" });

  // The visitor closes the chat: the person's next replies are counted on the launcher, and said.
  const replyAsAda = (message: string) => request.post(`/api/inbox/${sessionId}/reply`, { headers: { Authorization: `Bearer ${token}` }, data: { message } });
  await widget.closeButton.click();
  await expect(widget.launcher).toHaveAttribute("aria-expanded", "false");
  const badge = page.locator("[data-product-assistant] [data-unread]");
  await expect(badge).toHaveCount(0);
  expect((await replyAsAda("Found it: it left the warehouse today.")).status()).toBe(201);
  await expect(badge).toHaveText("1");
  await expect(widget.launcher).toHaveAttribute("aria-label", /, 1 new message$/);
  await expect(page.locator("[data-product-assistant]").getByRole("status")).toHaveText(/1 new message in the chat with /);
  expect((await replyAsAda("It should reach you on Friday.")).status()).toBe(201);
  await expect(badge).toHaveText("2");
  await expect(widget.launcher).toHaveAttribute("aria-label", /, 2 new messages$/);
  await page.screenshot({ path: "test-results/widget-unread-replies.png" });

  // On the next page of the site, the chat still follows the conversation without being opened.
  subscribed = liveStreamSubscribed(page);
  await page.reload();
  await expect(widget.frameElement).toBeAttached();
  await subscribed;
  await expect(badge).toHaveCount(0);
  expect((await replyAsAda("Anything else I can help with?")).status()).toBe(201);
  await expect(badge).toHaveText("1");
  await widget.open();
  await expect(badge).toHaveCount(0);
  await expect(widget.launcher).toHaveAttribute("aria-label", "Close chat");
  await expect(said.last()).toContainText("Anything else I can help with?");

  // The person hands the conversation back: the assistant answers again, and the widget says nothing of a person.
  const handback = await request.post(`/api/inbox/${sessionId}/handback`, { headers: { Authorization: `Bearer ${token}` } });
  expect(handback.status(), await handback.text()).toBe(200);
  await expect(withPerson).toHaveCount(0);
  await expect(waiting).toHaveCount(0);
  await expect(notices).toHaveText(["The assistant is answering again."]);
  const answers = await widget.assistantMessages.count();
  await widget.send("which desks do you have?");
  await expect(await widget.waitForAnswer()).toContainText("Desk");
  await expect(widget.assistantMessages).toHaveCount(answers + 1);

  // With no person in the conversation, the next page loads the chat only when the visitor opens it.
  await page.reload();
  await expect(widget.launcher).toBeVisible();
  await page.waitForFunction(() => "ProductAssistant" in window);
  await expect(widget.frameElement).toHaveCount(0);
  await widget.open();
  await expect(said.last()).toContainText("Desk");
});

/** The demo page's visitor asked for a person and the demo admin took the conversation over: its id and the admin's token. */
async function conversationWithPerson(page: Page, request: APIRequestContext): Promise<{ sessionId: string; token: string }> {
  const sessions: string[] = [];
  page.on("response", async (response) => {
    if (isPost("/api/chat/sessions")(response) && response.status() === 201) sessions.push(((await response.json()) as { id: string }).id);
  });
  await askForPersonOnDemoPage(page);
  expect(sessions).toHaveLength(1);
  const sessionId = sessions[0]!;
  const token = await adminToken(request);
  const takeover = await request.post(`/api/inbox/${sessionId}/takeover`, { headers: { Authorization: `Bearer ${token}` } });
  expect(takeover.status(), await takeover.text()).toBe(200);
  return { sessionId, token };
}

test("a person's reply sent while the next page is loading the chat still reaches it, and is counted on the closed launcher", async ({ page, request }) => {
  const { sessionId, token } = await conversationWithPerson(page, request);

  // On the next page the hidden chat reads the conversation back; its live stream is held until the reply is stored.
  const stream = await holdRequests(page, "**/api/events");
  await page.reload();
  const widget = new WidgetPage(page);
  await expect(widget.frameElement).toBeAttached();
  await expect.poll(() => stream.requests.length).toBe(1);
  const reply = await request.post(`/api/inbox/${sessionId}/reply`, { headers: { Authorization: `Bearer ${token}` }, data: { message: "Sorry for the wait: here now." } });
  expect(reply.status(), await reply.text()).toBe(201);
  stream.release();

  const badge = page.locator("[data-product-assistant] [data-unread]");
  await expect(badge).toHaveText("1");
  await widget.open();
  await expect(badge).toHaveCount(0);
  await expect(widget.conversation.getByTestId("agent-message").last()).toContainText("Sorry for the wait: here now.");
  await expect(widget.conversation.getByTestId("agent-message")).toHaveCount(1);
  await page.screenshot({ path: "test-results/widget-reply-while-loading.png" });
});

test("a person's reply sent while the next page loads the chat and the visitor's message is under way arrives once that message is through", async ({ page, request }) => {
  const { sessionId, token } = await conversationWithPerson(page, request);

  // The next page: its live stream and the visitor's next message are both held.
  const stream = await holdRequests(page, "**/api/events");
  const message = await holdRequests(page, "**/api/chat", { method: "POST" });
  await page.reload();
  const widget = new WidgetPage(page);
  await expect(widget.frameElement).toBeAttached();
  await expect.poll(() => stream.requests.length).toBe(1);
  await widget.open();
  await widget.input.fill("Are you still there?");
  await widget.input.press("Enter");
  await expect.poll(() => message.requests.length).toBe(1);
  const reply = await request.post(`/api/inbox/${sessionId}/reply`, { headers: { Authorization: `Bearer ${token}` }, data: { message: "Yes, one moment please." } });
  expect(reply.status(), await reply.text()).toBe(201);
  // The stream opens while the message is still under way, and the message goes through after it.
  const opened = page.waitForResponse((response) => response.url().includes("/api/events"));
  stream.release();
  await opened;
  message.release();

  const replies = widget.conversation.getByTestId("agent-message");
  await expect(replies.last()).toContainText("Yes, one moment please.");
  await expect(replies).toHaveCount(1);
  await expect(widget.userMessages.last()).toHaveText("Are you still there?");
});

test("the admin sees the widget's most active visitor and their conversation on the dashboard", async ({ page, request }) => {
  // A verified visitor who asks more than any journey's visitor does, so the table (the few most active)
  // has them whatever other journeys ran before.
  const token = await adminToken(request);
  const key = await createPublishableKey(request, { token, origins: [shop.origin] });
  const { secret } = await apiGet<{ secret: string }>(request, token, `${APP_URL}/api/business/identity-secret`);
  const regular = `regular-${randomBytes(4).toString("hex")}@example.com`;
  const minted = await request.post("/api/widget/sessions", {
    headers: { "x-api-key": key },
    data: { userIdentifier: regular, userHash: createHmac("sha256", secret).update(regular).digest("hex") },
  });
  expect(minted.status(), await minted.text()).toBe(201);
  const visitor = { Authorization: `Bearer ${((await minted.json()) as { token: string }).token}` };
  let sessionId: string | undefined;
  for (const question of ["desk lamps?", "a standing desk?", "an office chair?", "a monitor arm?", "a keyboard?", "a desk mat?"]) {
    const asked = await request.post("/api/chat", { headers: visitor, data: { message: question, ...(sessionId ? { sessionId } : {}) } });
    expect(asked.status(), await asked.text()).toBe(200);
    sessionId = ((await asked.json()) as { sessionId: string }).sessionId;
  }

  await signInDirectly(page, DEMO.admin, DEMO_PASSWORD, "/dashboard");
  const table = page.getByRole("table", { name: "Most active end users" });
  const row = table.getByRole("row").filter({ hasText: regular });
  await expect(row).toBeVisible();
  await expect(row).toContainText("verified");
  // Their one conversation.
  await expect(row.getByRole("cell").first()).toHaveText("1");
});

test.describe("with a model behind the OpenAI API (the fake model server)", () => {
  test("Retry after an answer the model failed answers the stored question again (a regeneration), never storing it twice", async ({ page, request }) => {
    const key = await createPublishableKey(request, { app: MODEL_APP_URL, token: await adminToken(request, MODEL_APP_URL), origins: [shop.origin] });
    const sent = recordTurnRequests(page);
    const widget = new WidgetPage(page);
    await widget.goto(shop.url({ app: MODEL_APP_URL, key }));
    await widget.open();

    // The fake model fails every time it is asked this.
    await widget.send("Anything new? [fake:500]");
    const retry = widget.failure.getByRole("button", { name: "Retry" });
    await expect(retry).toBeVisible({ timeout: 30_000 });
    await retry.click();
    await expect.poll(() => sent).toEqual(["Anything new? [fake:500]", "regenerate"]);
    await expect(retry).toBeVisible({ timeout: 30_000 });
    await expect(widget.userMessages).toHaveCount(1);
    await expect(widget.assistantMessages).toHaveCount(1);

    // Read back, the conversation holds the question once.
    await page.reload();
    await widget.open();
    await expect(widget.userMessages).toHaveCount(1);
    await expect(widget.userMessages.first()).toHaveText("Anything new? [fake:500]");
  });

  test("Stop halts a long widget answer and keeps what was written", async ({ page, request }) => {
    const key = await createPublishableKey(request, { app: MODEL_APP_URL, token: await adminToken(request, MODEL_APP_URL), origins: [shop.origin] });
    const widget = new WidgetPage(page);
    await widget.goto(shop.url({ app: MODEL_APP_URL, key }));
    await widget.open();

    // The fake model streams 400 words, one every 30 ms.
    await widget.send("Tell me everything about desks [fake:long:30]");
    const answer = widget.lastAssistant();
    await expect(answer).toHaveAttribute("data-status", "streaming");
    await expect(answer).toContainText("word40");
    await widget.stopButton.click();

    await expect(answer).toHaveAttribute("data-status", "aborted");
    await expect(answer).toContainText("Stopped");
    await expect(widget.sendButton).toBeVisible();
    await expect(widget.input).toBeFocused();
    const partial = await answer.locator("p").first().innerText();
    expect(partial).toMatch(/^word1 word2 word3 word4 word5/);
    expect(partial).not.toContain("word400");
  });

  test("a person who takes the conversation over and replies while the assistant answers: the reply follows the answer, and the visitor is told they are with a person", async ({
    page,
    request,
  }) => {
    const token = await adminToken(request, MODEL_APP_URL);
    const key = await createPublishableKey(request, { app: MODEL_APP_URL, token, origins: [shop.origin] });
    const widget = new WidgetPage(page);
    await widget.goto(shop.url({ app: MODEL_APP_URL, key }));
    await widget.open();
    const opened = page.waitForResponse(isPost("/api/chat/sessions"));
    const subscribed = liveStreamSubscribed(page);

    // The fake model streams 400 words, one every 15 ms; the person steps in after the 20th.
    await widget.send("Tell me everything about desks [fake:long:15]");
    const sessionId = ((await (await opened).json()) as { id: string }).id;
    await subscribed;
    const answer = widget.lastAssistant();
    await expect(answer).toContainText("word20");
    const inbox = (path: string, data?: Json) =>
      request.post(`${MODEL_APP_URL}/api/inbox/${sessionId}/${path}`, { headers: { Authorization: `Bearer ${token}` }, data });
    const takeover = await inbox("takeover");
    expect(takeover.status(), await takeover.text()).toBe(200);
    const reply = await inbox("reply", { message: "Hi, I can help with desks too." });
    expect(reply.status(), await reply.text()).toBe(201);
    await expect(answer).toHaveAttribute("data-status", "complete");

    // Question, answer, then the person's reply: not the reply above the question it came after.
    const said = widget.conversation.locator('[data-testid="user-message"], [data-testid="assistant-message"], [data-testid="agent-message"]');
    await expect(said).toHaveCount(3);
    expect(await said.evaluateAll((nodes) => nodes.map((node) => node.getAttribute("data-testid")))).toEqual([
      "user-message",
      "assistant-message",
      "agent-message",
    ]);
    await expect(said.last()).toContainText("Hi, I can help with desks too.");
    await expect(widget.frame.getByText("You\u2019re talking with a person from the team; they reply here.")).toBeVisible();
  });
});

test.describe("the embed tag chooses the model (the model instance offers OpenAI, its default, and Anthropic)", () => {
  type SessionCall = { status: number; config: Json | undefined };

  /** The conversations the widget's iframe asks for, with the config each asked for and the answer's status. */
  function watchSessions(page: Page): SessionCall[] {
    const calls: SessionCall[] = [];
    page.on("response", (response) => {
      if (!isPost("/api/chat/sessions")(response)) return;
      const body = response.request().postDataJSON() as { config?: Json } | null;
      calls.push({ status: response.status(), config: body?.config });
    });
    return calls;
  }

  function warnings(page: Page): string[] {
    const seen: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "warning" && message.text().includes("[ProductAssistant]")) seen.push(message.text());
    });
    return seen;
  }

  async function shopWith(page: Page, request: APIRequestContext, choice: { model?: string; provider?: string }) {
    const key = await createPublishableKey(request, { app: MODEL_APP_URL, token: await adminToken(request, MODEL_APP_URL), origins: [shop.origin] });
    const widget = new WidgetPage(page);
    await widget.goto(shop.url({ app: MODEL_APP_URL, key, ...choice }));
    await widget.open();
    return widget;
  }

  test("data-model and data-ai-provider make Claude answer the widget's visitors", async ({ page, request }) => {
    const sessions = watchSessions(page);
    const warned = warnings(page);
    const widget = await shopWith(page, request, { model: "anthropic:claude-haiku-4-5" });
    await widget.send("Which desk fits a small room?");
    await expect(await widget.waitForAnswer()).toContainText("Claude heard: Which desk fits a small room?");
    expect(sessions).toEqual([{ status: 201, config: expect.objectContaining({ model: "anthropic:claude-haiku-4-5" }) }]);

    // A provider alone: its default model.
    const byProvider = await shopWith(page, request, { provider: "anthropic" });
    await byProvider.send("And a lamp?");
    await expect(await byProvider.waitForAnswer()).toContainText("Claude heard: And a lamp?");
    expect(sessions.at(-1)).toEqual({ status: 201, config: expect.objectContaining({ aiProvider: "anthropic" }) });
    expect(warned).toEqual([]);
  });

  test("a model the server refuses still gets an answer, from the business's model, and the console says which model was refused", async ({ page, request }) => {
    const sessions = watchSessions(page);
    const warned = warnings(page);
    const widget = await shopWith(page, request, { model: "anthropic:claude-opus-4-6" });
    await widget.send("Do you sell chairs?");
    await expect(await widget.waitForAnswer()).toContainText("You said: Do you sell chairs?");
    await expect(widget.failure).toHaveCount(0);
    // Asked with the choice (refused), then again without it.
    expect(sessions).toEqual([
      { status: 400, config: expect.objectContaining({ model: "anthropic:claude-opus-4-6" }) },
      { status: 201, config: expect.not.objectContaining({ model: expect.anything() }) },
    ]);
    expect(warned).toEqual([expect.stringContaining('data-model="anthropic:claude-opus-4-6"')]);

    // The next message stays in the same conversation: no second refusal, no second warning.
    await widget.send("Red ones?");
    await expect(widget.assistantMessages).toHaveCount(2);
    await expect(await widget.waitForAnswer()).toContainText("You said: Red ones?");
    expect(sessions).toHaveLength(2);
    expect(warned).toHaveLength(1);
  });

  test("a malformed data-model or data-ai-provider is ignored with a warning, and the business's model answers", async ({ page, request }) => {
    const sessions = watchSessions(page);
    const warned = warnings(page);
    const widget = await shopWith(page, request, { model: "claude haiku!", provider: "mistral" });
    await expect.poll(() => warned).toEqual([expect.stringMatching(/data-ai-provider must be one of: openai, anthropic/), expect.stringMatching(/data-model must name a model/)]);
    await widget.send("Hello?");
    await expect(await widget.waitForAnswer()).toContainText("You said: Hello?");
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.status).toBe(201);
    expect(sessions[0]!.config ?? {}).not.toHaveProperty("model");
    expect(sessions[0]!.config ?? {}).not.toHaveProperty("aiProvider");
  });
});

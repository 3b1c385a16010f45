/**
 * One cold page load on a phone profile, observed through the Chrome DevTools Protocol: the bytes of
 * every script as they came over the wire, and the page's LCP and CLS from its own PerformanceObserver.
 */
import type { Browser, BrowserContextOptions, CDPSession } from "@playwright/test";

/** A phone on a slow 4G link: Lighthouse's mobile network and CPU figures, a 390×844 screen at 3×. */
export const PHONE = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 3,
  cpuSlowdown: 4,
  // CDP takes bytes per second; 1 kbps = 1024 bit/s as in DevTools and Lighthouse.
  downloadBytesPerSecond: (1.6 * 1024 * 1024) / 8,
  uploadBytesPerSecond: (750 * 1024) / 8,
  latencyMs: 150,
} as const;

/** Quiet time after the load event with nothing in flight before the page counts as idle. */
const IDLE_QUIET_MS = 500;
const LOAD_TIMEOUT_MS = 120_000;

/**
 * Requests that stay open as long as the page does: the live-event stream never finishes, so waiting
 * for it would never reach idle; its bytes are not JavaScript either.
 */
const LONG_LIVED = [/\/api\/events(\?|$)/];

/**
 * `firstLoad`: the page's HTML asked for it (a `<script>` or preload the parser met), as Next counts
 * "First Load JS"; otherwise code the page's own scripts imported later (`import()`, a lazy component).
 */
export type ScriptTransfer = { url: string; bodyBytes: number; totalBytes: number; encoding: string | null; firstLoad: boolean };

export type ColdLoad = {
  url: string;
  status: number;
  finalPath: string;
  /** Compressed body bytes of the scripts the HTML asked for, as received (response headers excluded). */
  scriptBytes: number;
  /** The same for scripts loaded later by the page's own code, until idle. */
  laterScriptBytes: number;
  scripts: ScriptTransfer[];
  documentBytes: number;
  /** Everything the page received until idle, headers included. */
  transferBytes: number;
  requests: number;
  lcpMs: number | null;
  lcpElement: string | null;
  cls: number;
  /** Each layout shift counted in `cls`: when, how much, and the elements that moved. */
  shifts: LayoutShift[];
  /** The load event's end, in ms from navigation start. */
  loadEventMs: number;
  reachedIdle: boolean;
};

export type LayoutShift = { atMs: number; value: number; moved: (string | null)[] };

type Vitals = { lcp: number | null; lcpElement: string | null; cls: number; shifts: LayoutShift[] };

declare global {
  interface Window {
    __benchVitals?: Vitals;
  }
}

/**
 * Runs in the page before any of its own scripts. The observers are buffered, so entries from before
 * they were attached count too. CLS here is the plain sum of shifts not caused by recent input.
 * Plain JavaScript in a string: a function compiled by tsx carries `__name` helper calls that do not
 * exist in the page, and the script would stop at the first of them.
 */
const OBSERVE_VITALS = `(() => {
  const vitals = { lcp: null, lcpElement: null, cls: 0, shifts: [] };
  window.__benchVitals = vitals;
  const describe = (element) => {
    if (!element) return null;
    const id = element.id ? "#" + element.id : "";
    const classes = typeof element.className === "string" && element.className.trim() ? "." + element.className.trim().split(/\\s+/).slice(0, 2).join(".") : "";
    const text = (element.textContent || "").trim().slice(0, 40);
    return element.tagName.toLowerCase() + id + classes + (text ? ' "' + text + '"' : "");
  };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      vitals.lcp = entry.startTime;
      vitals.lcpElement = describe(entry.element);
    }
  }).observe({ type: "largest-contentful-paint", buffered: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.hadRecentInput) continue;
      vitals.cls += entry.value;
      vitals.shifts.push({ atMs: Math.round(entry.startTime), value: Math.round(entry.value * 1000) / 1000, moved: (entry.sources || []).map((source) => describe(source.node)) });
    }
  }).observe({ type: "layout-shift", buffered: true });
})();`;

type Tracked = { url: string; type: string; initiator: string; headerBytes: number; encoding: string | null; finished?: number };

/** Network bookkeeping from CDP events: what is in flight, and what each finished request weighed. */
function trackNetwork(cdp: CDPSession) {
  const requests = new Map<string, Tracked>();
  const inFlight = new Set<string>();
  let lastActivity = performance.now();
  const longLived = (url: string) => LONG_LIVED.some((pattern) => pattern.test(new URL(url).pathname + new URL(url).search));
  cdp.on("Network.requestWillBeSent", (event) => {
    // A redirect reuses the request id and only its last hop is kept: a page that redirects fails the run anyway.
    requests.set(event.requestId, { url: event.request.url, type: event.type ?? "Other", initiator: event.initiator.type, headerBytes: 0, encoding: null });
    if (!event.request.url.startsWith("data:") && !longLived(event.request.url)) inFlight.add(event.requestId);
    lastActivity = performance.now();
  });
  cdp.on("Network.responseReceived", (event) => {
    const tracked = requests.get(event.requestId);
    if (!tracked) return;
    tracked.type = event.type;
    // At this point the count holds what arrived before the body: the status line and headers.
    tracked.headerBytes = event.response.encodedDataLength;
    const headers = Object.fromEntries(Object.entries(event.response.headers).map(([key, value]) => [key.toLowerCase(), String(value)]));
    tracked.encoding = headers["content-encoding"] ?? null;
  });
  const settle = (requestId: string, bytes: number | undefined) => {
    const tracked = requests.get(requestId);
    if (tracked && bytes !== undefined) tracked.finished = bytes;
    inFlight.delete(requestId);
    lastActivity = performance.now();
  };
  cdp.on("Network.loadingFinished", (event) => settle(event.requestId, event.encodedDataLength));
  cdp.on("Network.loadingFailed", (event) => settle(event.requestId, undefined));
  return {
    requests,
    idleFor: () => (inFlight.size ? 0 : performance.now() - lastActivity),
  };
}

/** `throttled: false` leaves out the phone's slow link and CPU: the same bytes, a desktop's paint figures (CI's weight check). */
export async function coldLoad({
  browser,
  url,
  storageState,
  throttled = true,
}: {
  browser: Browser;
  url: string;
  storageState?: BrowserContextOptions["storageState"];
  throttled?: boolean;
}): Promise<ColdLoad> {
  // A new context per load: no HTTP cache, no service worker, no memory of the previous visit.
  const context = await browser.newContext({
    viewport: PHONE.viewport,
    deviceScaleFactor: PHONE.deviceScaleFactor,
    isMobile: true,
    hasTouch: true,
    storageState,
  });
  try {
    await context.addInitScript(OBSERVE_VITALS);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const network = trackNetwork(cdp);
    await cdp.send("Network.enable");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    if (throttled) {
      await cdp.send("Network.emulateNetworkConditions", {
        offline: false,
        latency: PHONE.latencyMs,
        downloadThroughput: PHONE.downloadBytesPerSecond,
        uploadThroughput: PHONE.uploadBytesPerSecond,
      });
      await cdp.send("Emulation.setCPUThrottlingRate", { rate: PHONE.cpuSlowdown });
    }

    const response = await page.goto(url, { waitUntil: "load", timeout: LOAD_TIMEOUT_MS });
    const deadline = performance.now() + LOAD_TIMEOUT_MS;
    while (network.idleFor() < IDLE_QUIET_MS && performance.now() < deadline) await page.waitForTimeout(50);
    const reachedIdle = network.idleFor() >= IDLE_QUIET_MS;

    const [vitals, timing] = await Promise.all([
      page.evaluate(() => window.__benchVitals ?? null),
      page.evaluate(() => {
        const [navigation] = performance.getEntriesByType("navigation") as PerformanceNavigationTiming[];
        return { loadEventMs: navigation?.loadEventEnd ?? NaN };
      }),
    ]);
    if (!vitals) throw new Error(`${url}: the vitals observer did not run`);

    const finished = [...network.requests.values()].filter((request) => request.finished !== undefined);
    const scripts = finished
      .filter((request) => request.type === "Script")
      .map((request) => ({
        url: request.url,
        bodyBytes: request.finished! - request.headerBytes,
        totalBytes: request.finished!,
        encoding: request.encoding,
        firstLoad: request.initiator === "parser" || request.initiator === "preload",
      }))
      .sort((a, b) => b.bodyBytes - a.bodyBytes);
    const document = finished.find((request) => request.type === "Document");
    return {
      url,
      status: response?.status() ?? 0,
      finalPath: new URL(page.url()).pathname,
      scriptBytes: scripts.filter((script) => script.firstLoad).reduce((sum, script) => sum + script.bodyBytes, 0),
      laterScriptBytes: scripts.filter((script) => !script.firstLoad).reduce((sum, script) => sum + script.bodyBytes, 0),
      scripts,
      documentBytes: document ? document.finished! - document.headerBytes : 0,
      transferBytes: finished.reduce((sum, request) => sum + request.finished!, 0),
      requests: network.requests.size,
      lcpMs: vitals.lcp,
      lcpElement: vitals.lcpElement,
      cls: vitals.cls,
      shifts: vitals.shifts,
      loadEventMs: timing.loadEventMs,
      reachedIdle,
    };
  } finally {
    await context.close();
  }
}

/**
 * Page weight and paint on a phone: for each route, the compressed JavaScript a cold visit downloads
 * (first-load JS), and LCP and CLS under a phone profile (390×844, 4× CPU slowdown, 1.6 Mbps down /
 * 750 kbps up / 150 ms RTT), median of 3 cold loads. Also the production server's startup time and the
 * memory of its process tree after the loads.
 *
 * It builds the app (`next build`, skipped with BENCH_SKIP_BUILD=1), starts one `next start` on a fresh
 * embedded database with the demo data, signs in as the demo admin for the signed-in routes, measures,
 * stops the server, prints the JSON summary on stdout and a table on stderr.
 *
 *   flock /tmp/bench.lock env TSX_TSCONFIG_PATH=bench/chat/tsconfig.json node --import tsx bench/pages/run.ts > pages.json
 *
 * Knobs: BENCH_SKIP_BUILD=1 (serve the existing .next), BENCH_LOADS (cold loads per route, 3),
 *        CHROMIUM_PATH (/usr/bin/chromium), --check or BENCH_CHECK=1 (exit 1 when a route's first-load
 *        JS is over its ceiling in bench/pages/budgets.ts; CI runs it so), BENCH_ROUTES (e.g. /chat,/users:
 *        only those, any members' page; each route's JSON names what moved in its load with the most layout shift),
 *        BENCH_THROTTLE=0 (no phone link or CPU slowdown: the same bytes, a desktop's paint; CI's check runs so).
 */
import { spawnSync } from "node:child_process";
import { cpus, loadavg, totalmem } from "node:os";
import path from "node:path";
import { chromium, type Browser, type BrowserContextOptions } from "@playwright/test";
import { DEMO, DEMO_PASSWORD, LoginPage } from "@/e2e/pages/login-page";
import { percentile } from "../harness";
import { budgetFor } from "./budgets";
import { coldLoad, PHONE, type ColdLoad } from "./measure";
import { startAppServer } from "./server";

/** Stands for the path of a conversation the benchmark stores before it measures. */
const STORED_CONVERSATION = "/chat/<id>";

const ALL_ROUTES: readonly { path: string; signedIn: boolean }[] = [
  { path: "/", signedIn: false },
  { path: "/login", signedIn: false },
  { path: "/shop/demo-outfitters", signedIn: false },
  { path: "/chat", signedIn: true },
  // A stored conversation of the admin's, made through the API once the server is up: where a member
  // lands from their list, a link or a reload.
  { path: STORED_CONVERSATION, signedIn: true },
  { path: "/dashboard", signedIn: true },
  { path: "/products", signedIn: true },
  { path: "/settings", signedIn: true },
  // The rest of the members' pages, so --check holds every one at its ceiling.
  { path: "/inbox", signedIn: true },
  { path: "/users", signedIn: true },
  { path: "/approvals", signedIn: true },
  { path: "/purchases", signedIn: true },
  { path: "/audit", signedIn: true },
  { path: "/feedback", signedIn: true },
  { path: "/account", signedIn: true },
];
const CHECK = process.argv.includes("--check") || process.env.BENCH_CHECK === "1";
// BENCH_ROUTES=/chat,/dashboard measures only those (e.g. to look into one route's shifts); --check wants them all.
const ONLY = process.env.BENCH_ROUTES?.split(",").map((route) => route.trim());
// A path not in the list above is loaded signed in (the other pages are all members' pages).
const ROUTES = ONLY ? ONLY.map((only) => ALL_ROUTES.find((route) => route.path === only) ?? { path: only, signedIn: true }) : ALL_ROUTES;
if (ONLY && CHECK) throw new Error("--check measures every route: unset BENCH_ROUTES");

const root = path.resolve(import.meta.dirname, "../..");
const LOADS = Number(process.env.BENCH_LOADS ?? 3);
// BENCH_THROTTLE=0: no phone link or CPU slowdown. The bytes are the same; LCP and CLS are then a desktop's.
const THROTTLED = process.env.BENCH_THROTTLE !== "0";
const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

const kB = (bytes: number) => Math.round(bytes / 100) / 10;
const median = (values: number[]) => percentile(values, 50);

function build() {
  const started = performance.now();
  const result = spawnSync(path.join(root, "node_modules/.bin/next"), ["build"], {
    cwd: root,
    // Its output goes to stderr: stdout is this benchmark's JSON.
    stdio: ["ignore", 2, 2],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) throw new Error(`next build exited with ${result.status}`);
  return Math.round((performance.now() - started) / 1000);
}

/** The demo admin's session, signed in through the login form in a context of its own. */
async function signIn(browser: Browser, baseUrl: string): Promise<BrowserContextOptions["storageState"]> {
  const context = await browser.newContext({ baseURL: baseUrl });
  try {
    const page = await context.newPage();
    await new LoginPage(page).signInAs("admin");
    const state = await context.storageState();
    if (!state.cookies.some((cookie) => cookie.name.includes("session-token"))) throw new Error("signed in, but no session cookie was set");
    return state;
  } finally {
    await context.close();
  }
}

/**
 * A conversation of the demo admin with one question and its answer (the built-in assistant's: no
 * model key), stored through the API as a member's client stores one; its page's path.
 */
async function storeConversation(baseUrl: string): Promise<string> {
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: DEMO.admin, password: DEMO_PASSWORD }),
  });
  if (login.status !== 200) throw new Error(`POST /api/auth/login: ${login.status}`);
  const { access } = (await login.json()) as { access: string };
  const sent = await fetch(`${baseUrl}/api/chat`, {
    method: "POST",
    headers: { authorization: `Bearer ${access}`, "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ message: "Which standing desks do you have, and what goes with them?" }),
  });
  if (sent.status !== 200) throw new Error(`POST /api/chat: ${sent.status} ${await sent.text()}`);
  const { sessionId } = (await sent.json()) as { sessionId: string };
  return `/chat/${sessionId}`;
}

/**
 * One unthrottled request per route first: the server loads each route's code on its first request,
 * and that one-off cost would otherwise land on the first measured load only.
 */
async function warmUp(baseUrl: string, cookieHeader: string, routes: readonly { path: string; signedIn: boolean }[]) {
  for (const route of routes) {
    const response = await fetch(`${baseUrl}${route.path}`, { headers: route.signedIn ? { cookie: cookieHeader } : {}, redirect: "manual" });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`warm-up GET ${route.path}: ${response.status}`);
  }
}

function summarise(routePath: string, loads: ColdLoad[]) {
  const lcps = loads.map((load) => load.lcpMs).filter((lcp): lcp is number => lcp !== null);
  const middle = [...loads].sort((a, b) => (a.lcpMs ?? Infinity) - (b.lcpMs ?? Infinity))[Math.floor(loads.length / 2)]!;
  const firstLoadJs = median(loads.map((load) => load.scriptBytes));
  const budget = budgetFor(routePath);
  return {
    path: routePath,
    firstLoadJsBytes: firstLoadJs,
    firstLoadJsKb: kB(firstLoadJs),
    targetKb: budget.targetKb,
    overTarget: firstLoadJs > budget.targetKb * 1000,
    ceilingKb: budget.ceilingKb,
    overCeiling: firstLoadJs > budget.ceilingKb * 1000,
    scripts: median(loads.map((load) => load.scripts.filter((script) => script.firstLoad).length)),
    laterJsKb: kB(median(loads.map((load) => load.laterScriptBytes))),
    // Cold loads of the same build should fetch the same bytes; a spread here means they did not.
    firstLoadJsSpreadBytes: Math.max(...loads.map((load) => load.scriptBytes)) - Math.min(...loads.map((load) => load.scriptBytes)),
    documentKb: kB(median(loads.map((load) => load.documentBytes))),
    transferKb: kB(median(loads.map((load) => load.transferBytes))),
    requests: median(loads.map((load) => load.requests)),
    lcpP50Ms: lcps.length ? Math.round(median(lcps)) : null,
    lcpMs: loads.map((load) => (load.lcpMs === null ? null : Math.round(load.lcpMs))),
    lcpElement: middle.lcpElement,
    clsP50: Math.round(median(loads.map((load) => load.cls)) * 1000) / 1000,
    cls: loads.map((load) => Math.round(load.cls * 1000) / 1000),
    // What moved in the load with the most shift: the place to look when CLS goes up.
    worstShifts: loads.reduce((worst, load) => (load.cls > worst.cls ? load : worst)).shifts,
    loadEventP50Ms: Math.round(median(loads.map((load) => load.loadEventMs))),
    allReachedIdle: loads.every((load) => load.reachedIdle),
    notGzipped: [...new Set(loads.flatMap((load) => load.scripts.filter((script) => script.encoding !== "gzip").map((script) => new URL(script.url).pathname)))],
    largestScripts: loads[0]!.scripts.slice(0, 10).map((script) => ({ path: new URL(script.url).pathname, kB: kB(script.bodyBytes), firstLoad: script.firstLoad })),
    // Every script of the first load, largest first: what a route's weight is made of.
    firstLoadScripts: loads[0]!.scripts.filter((script) => script.firstLoad).map((script) => ({ path: new URL(script.url).pathname, kB: kB(script.bodyBytes) })),
  };
}

function table(summary: ReturnType<typeof summarise>[]): string {
  const rows = summary.map((route) =>
    [
      route.path,
      `${route.firstLoadJsKb}${route.overCeiling ? " (OVER CEILING)" : route.overTarget ? " (over target)" : ""}`,
      `${route.targetKb} / ${route.ceilingKb}`,
      String(route.scripts),
      String(route.laterJsKb),
      route.lcpP50Ms === null ? "–" : String(route.lcpP50Ms),
      route.lcpMs.map((lcp) => lcp ?? "–").join(" / "),
      String(route.clsP50),
      String(route.documentKb),
    ].join(" | "),
  );
  return [
    "route | first-load JS gzip kB | target / ceiling kB | scripts | JS loaded later kB | LCP p50 ms | LCP samples ms | CLS p50 | HTML gzip kB",
    "---|---|---|---|---|---|---|---|---",
    ...rows,
  ].join("\n");
}

async function main() {
  const buildSeconds = process.env.BENCH_SKIP_BUILD === "1" ? null : build();
  const loadBefore = loadavg();
  const server = await startAppServer(root);
  console.error(`next start answered /api/health after ${Math.round(server.startupMs)} ms at ${server.baseUrl}`);
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: CHROMIUM_FLAGS });
    const session = await signIn(browser, server.baseUrl);
    const cookieHeader = typeof session === "object" ? session.cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join("; ") : "";
    const conversation = ROUTES.some((route) => route.path === STORED_CONVERSATION) ? await storeConversation(server.baseUrl) : null;
    // Measured at its real path, reported under STORED_CONVERSATION (the same name every run).
    const urlOf = (route: { path: string }) => (route.path === STORED_CONVERSATION ? conversation! : route.path);
    await warmUp(server.baseUrl, cookieHeader, ROUTES.map((route) => ({ ...route, path: urlOf(route) })));

    const loads = new Map<string, ColdLoad[]>(ROUTES.map((route) => [route.path, []]));
    // Round by round rather than route by route, so a burst of load from elsewhere on the machine
    // spreads over the routes instead of landing on one.
    for (let round = 0; round < LOADS; round++) {
      for (const route of ROUTES) {
        const load = await coldLoad({ browser, url: `${server.baseUrl}${urlOf(route)}`, storageState: route.signedIn ? session : undefined, throttled: THROTTLED });
        if (load.status !== 200 || load.finalPath !== urlOf(route)) throw new Error(`${route.path}: status ${load.status}, landed on ${load.finalPath}`);
        console.error(
          `round ${round + 1}/${LOADS} ${route.path}: JS ${kB(load.scriptBytes)} kB in ${load.scripts.length} scripts, LCP ${Math.round(load.lcpMs ?? NaN)} ms, CLS ${load.cls.toFixed(3)}`,
        );
        loads.get(route.path)!.push(load);
      }
    }
    const memory = server.treeRss();
    const chromiumVersion = browser.version();
    const routes = ROUTES.map((route) => summarise(route.path, loads.get(route.path)!));
    const summary = {
      when: new Date().toISOString(),
      host: `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${Math.round(totalmem() / 2 ** 30)} GiB`,
      node: process.version,
      chromium: chromiumVersion,
      loadAverageBefore: loadBefore.map((value) => Math.round(value * 100) / 100),
      loadAverageAfter: loadavg().map((value) => Math.round(value * 100) / 100),
      buildSeconds,
      profile: { ...PHONE, throttled: THROTTLED, loadsPerRoute: LOADS },
      startupMs: Math.round(server.startupMs),
      rssAfterMb: Math.round(memory.bytes / 2 ** 20),
      rssProcesses: memory.processes,
      routes,
    };
    console.log(JSON.stringify(summary, null, 2));
    console.error(`\n${table(routes)}\n\nstartup ${summary.startupMs} ms, RSS after the loads ${summary.rssAfterMb} MiB (${memory.processes} processes)`);
    const over = routes.filter((route) => route.overCeiling);
    if (CHECK && over.length) {
      console.error(`over the ceiling: ${over.map((route) => `${route.path} ${route.firstLoadJsKb} kB > ${route.ceilingKb} kB`).join(", ")}`);
      return 1;
    }
    return 0;
  } finally {
    await browser?.close();
    await server.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);

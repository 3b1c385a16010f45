import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { DEMO, DEMO_PASSWORD } from "./pages/login-page";

// docs/api.md's examples of the key-authenticated API, run as they are written against `next start`:
// a documented call that stopped working fails here.

const docs = readFileSync(path.join(import.meta.dirname, "../docs/api.md"), "utf8");
const section = docs.slice(docs.indexOf("## The API for your own servers and website"));
const examples = [...section.matchAll(/```bash\n([\s\S]*?)```/g)].map((match) => match[1]!.trim());

test("docs/api.md's curl examples of the key-authenticated API work against the running app", async ({ request, baseURL }) => {
  expect(examples.length).toBeGreaterThanOrEqual(6);
  const login = await request.post("/api/auth/login", { data: { email: DEMO.admin, password: DEMO_PASSWORD } });
  const { access } = await login.json();
  const admin = { authorization: `Bearer ${access}` };
  const secret = await request.post("/api/api-keys", { headers: admin, data: { name: "Docs examples", kind: "secret", scopes: ["chat", "stats"] } });
  expect(secret.status()).toBe(201);
  const publishable = await request.post("/api/api-keys", {
    headers: admin,
    data: { name: "Docs widget", kind: "publishable", allowedOrigins: [new URL(baseURL!).origin] },
  });
  expect(publishable.status()).toBe(201);
  const secretKey = (await secret.json()).key as string;
  const session = await request.post("/api/chat/sessions", { headers: { "x-api-key": secretKey }, data: { userIdentifier: "docs@example.com" } });
  expect(session.status()).toBe(201);

  const env = {
    ...process.env,
    BASE_URL: baseURL!,
    SECRET_KEY: secretKey,
    PUBLISHABLE_KEY: (await publishable.json()).key as string,
    SESSION_ID: (await session.json()).id as string,
  };
  for (const example of examples) {
    // curl -f makes any 4xx or 5xx a failure of the example.
    const output = execFileSync("bash", ["-euo", "pipefail", "-c", example], { env, encoding: "utf8", timeout: 60_000 });
    expect(output.trim().length, example).toBeGreaterThan(0);
    if (example.includes("text/event-stream")) expect(output, example).toContain("event: done");
    else expect(output.trim().startsWith("{"), example).toBe(true);
  }
  // The key never had to travel in a URL.
  expect(examples.join("\n")).not.toMatch(/[?&](api_key|apiKey|key)=/);
});

import { expect } from "vitest";
import * as sessionsRoute from "@/app/api/chat/sessions/route";
import * as widgetSessionsRoute from "@/app/api/widget/sessions/route";
import { createApiKey, createTeam } from "./factories";
import { callRoute } from "./http";

/**
 * A widget visitor of a new business (whose settings nothing has read yet) and the conversation they
 * started through the routes, as the widget does: the visitor's token and the conversation's id.
 */
export async function visitorConversation(title: string): Promise<{ token: string; sessionId: string }> {
  const team = await createTeam();
  const publishable = await createApiKey({ businessId: team.business.id, kind: "publishable" });
  const visitor = await callRoute(widgetSessionsRoute.POST, { headers: { "x-api-key": publishable.key }, body: { anonymousId: crypto.randomUUID() } });
  expect(visitor.status, JSON.stringify(visitor.body)).toBe(201);
  const session = await callRoute(sessionsRoute.POST, { token: visitor.body.token, body: { title } });
  expect(session.status, JSON.stringify(session.body)).toBe(201);
  return { token: visitor.body.token as string, sessionId: session.body.id as string };
}

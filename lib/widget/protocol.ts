import { z } from "zod";
import { MODEL_ID_MAX_CHARS, MODEL_PROVIDERS } from "@/lib/ai/model-ids";

/**
 * The messages /widget.js (on the host page) and the /embed iframe exchange with postMessage.
 * Every message carries `source: WIDGET_MESSAGE_SOURCE`, so other scripts' messages are ignored.
 * Browser-safe: the iframe imports it, and the script's text is built from the same names.
 */
export const WIDGET_MESSAGE_SOURCE = "product-assistant";

export const WIDGET_MESSAGES = {
  /** iframe → host: listening; carries the look of the launcher. */
  ready: "ready",
  /** iframe → host: the visitor asked to close the panel. */
  close: "close",
  /**
   * iframe → host: an answer arrived (the assistant's finished, or a person's). While the panel is
   * closed the launcher counts them, so a visitor who closed it learns there is something to read.
   */
  reply: "reply",
  /**
   * iframe → host: `{ following }`, whether the conversation waits for or is with a person of the
   * business. While it is, the host loads the chat with each page (hidden), so their replies reach
   * the launcher on every page of the site and not only once the visitor opens the chat.
   */
  follow: "follow",
  /**
   * host → iframe, answering `ready`: who the visitor is (if known yet), the page they are on, and
   * the model the embed tag asks for (data-model / data-ai-provider), if any.
   */
  init: "init",
  /** host → iframe: ProductAssistant.identify() was called. */
  identify: "identify",
  /** host → iframe: the panel was just shown. */
  opened: "opened",
} as const;

export const USER_IDENTIFIER_MAX_CHARS = 255;
const PAGE_URL_MAX_CHARS = 2000;
const PAGE_TITLE_MAX_CHARS = 200;

export const visitorIdentitySchema = z.object({
  userIdentifier: z.string().trim().min(1).max(USER_IDENTIFIER_MAX_CHARS),
  /** Hex HMAC-SHA256 of the identifier under the business's identity secret. */
  userHash: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/)
    .optional(),
});
export type VisitorIdentity = z.infer<typeof visitorIdentitySchema>;

function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === "http:" || protocol === "https:";
  } catch {
    return false;
  }
}

const httpUrl = z.string().max(PAGE_URL_MAX_CHARS).refine(isHttpUrl);

export const pageContextSchema = z.object({
  url: httpUrl,
  title: z
    .string()
    .transform((value) => value.trim().slice(0, PAGE_TITLE_MAX_CHARS))
    .optional(),
});
export type PageContext = z.infer<typeof pageContextSchema>;

/**
 * A model name as an embed tag may write it: `anthropic:claude-haiku-4-5`, `gpt-4o-mini`,
 * `llama3.1:8b`. Whether the server offers it is the server's to say; this only keeps out what
 * cannot be a name. The script on the host page checks data-model with the same pattern.
 */
export const MODEL_NAME_PATTERN = new RegExp(`^[A-Za-z0-9][A-Za-z0-9._:/@-]{0,${MODEL_ID_MAX_CHARS - 1}}$`);

/**
 * The model the embed tag asks the widget's conversations to use: a provider (its default model),
 * a model, or both. The server may still refuse it; the widget then uses the business's own.
 */
export const modelChoiceSchema = z
  .object({
    aiProvider: z.enum(MODEL_PROVIDERS).optional(),
    model: z.string().regex(MODEL_NAME_PATTERN).optional(),
  })
  .refine((choice) => choice.aiProvider !== undefined || choice.model !== undefined);
export type ModelChoiceRequest = z.infer<typeof modelChoiceSchema>;

/** What the iframe accepts from its parent; anything else (or from anyone else) is dropped. */
export const hostMessageSchema = z.discriminatedUnion("type", [
  z.object({
    source: z.literal(WIDGET_MESSAGE_SOURCE),
    type: z.literal(WIDGET_MESSAGES.init),
    identity: visitorIdentitySchema.nullable().catch(null),
    page: pageContextSchema.nullable().catch(null),
    /** Absent (an older script) or broken: the business's own model. */
    modelChoice: modelChoiceSchema.nullable().catch(null),
  }),
  z.object({
    source: z.literal(WIDGET_MESSAGE_SOURCE),
    type: z.literal(WIDGET_MESSAGES.identify),
    /** null: identify(null), the visitor signed out of the host page. */
    userIdentifier: visitorIdentitySchema.shape.userIdentifier.nullable(),
    userHash: visitorIdentitySchema.shape.userHash,
  }),
  z.object({ source: z.literal(WIDGET_MESSAGE_SOURCE), type: z.literal(WIDGET_MESSAGES.opened) }),
]);
export type HostMessage = z.infer<typeof hostMessageSchema>;

/** The launcher's look, sent with `ready` so the host page can colour its button. */
export type LauncherLook = { botName: string; botColor: string; botIcon: string | null };

/** The text colour for the launcher and the visitor's messages on the business's colour. */
export { readableTextOn } from "@/lib/contrast";

import "server-only";
import { env, type Env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { consumeEach } from "./limiter";

/** Everything the app rate-limits; each kind has its own counters (docs/security.md). */
export const LIMIT_KINDS = [
  "login",
  "register",
  "invite_accept",
  "invite_describe",
  "mint_token",
  "chat_send",
  "session_create",
  "purchase",
  "user_create",
  "visitor_session",
  "end_user_send",
  "file_upload",
  "visitor_file_upload",
  "password_change",
  "password_forgot",
  "password_reset",
  "email_confirm",
  "email_change_mail",
] as const;
export type LimitKind = (typeof LIMIT_KINDS)[number];

/** `account` is whoever the request speaks for: a member, or an end user of an API key or the widget. */
type Scope = "address" | "account";
type Rule = { scope: Scope; limit: number; windowSeconds: number };

const MINUTE = 60;
const HOUR = 60 * 60;

/** The rules of each kind, from the environment: per caller address, per signed-in account, or both. */
export function limitRules(kind: LimitKind, settings: Env = env()): Rule[] {
  const perAddress: Rule = { scope: "address", limit: settings.RATE_LIMIT_PER_ADDRESS_PER_MINUTE, windowSeconds: MINUTE };
  const perAccount = (limit: number, windowSeconds = MINUTE): Rule => ({ scope: "account", limit, windowSeconds });
  switch (kind) {
    case "login":
      // Failures are limited further per email+address and per account (lib/rate-limit/login.ts).
      return [perAddress];
    case "register":
      return [{ scope: "address", limit: settings.RATE_LIMIT_REGISTRATIONS_PER_ADDRESS_PER_HOUR, windowSeconds: HOUR }];
    case "invite_accept":
      return [{ scope: "address", limit: settings.RATE_LIMIT_INVITE_ACCEPTS_PER_ADDRESS_PER_HOUR, windowSeconds: HOUR }];
    case "invite_describe":
      // Codes are 144-bit random, so guessing is not what this stops; it keeps the lookup cheap to serve.
      return [perAddress];
    case "mint_token":
      return [perAddress, perAccount(settings.RATE_LIMIT_MINT_TOKENS_PER_ACCOUNT_PER_MINUTE)];
    case "chat_send":
      return [perAddress, perAccount(settings.RATE_LIMIT_CHAT_SENDS_PER_ACCOUNT_PER_MINUTE)];
    case "session_create":
      return [perAddress, perAccount(settings.RATE_LIMIT_SESSION_CREATES_PER_ACCOUNT_PER_MINUTE)];
    case "purchase":
      return [perAddress, perAccount(settings.RATE_LIMIT_PURCHASES_PER_ACCOUNT_PER_MINUTE)];
    case "user_create":
      return [perAddress, perAccount(settings.RATE_LIMIT_USER_CREATES_PER_ACCOUNT_PER_HOUR, HOUR)];
    case "visitor_session":
      // The address is counted per publishable key (the caller passes "<address>:<key id>").
      return [{ scope: "address", limit: settings.RATE_LIMIT_VISITOR_SESSIONS_PER_ADDRESS_PER_MINUTE, windowSeconds: MINUTE }];
    case "end_user_send":
      return [perAddress, perAccount(settings.RATE_LIMIT_END_USER_MESSAGES_PER_MINUTE)];
    case "file_upload":
      return [perAddress, perAccount(settings.RATE_LIMIT_FILE_UPLOADS_PER_ACCOUNT_PER_HOUR, HOUR)];
    case "visitor_file_upload":
      // Per address and publishable key (the caller passes "<address>:<key id>"), as visitor sessions are.
      return [{ scope: "address", limit: settings.RATE_LIMIT_VISITOR_FILE_UPLOADS_PER_ADDRESS_PER_HOUR, windowSeconds: HOUR }];
    case "password_change":
      // Every check of a current password counts, before it is made: a stolen access token must not become a password oracle.
      return [perAddress, perAccount(settings.RATE_LIMIT_PASSWORD_CHANGES_PER_ACCOUNT_PER_HOUR, HOUR)];
    case "password_forgot":
      // The "account" is the email asked about, whether or not it has one: the answer must not differ.
      return [
        { scope: "address", limit: settings.RATE_LIMIT_PASSWORD_RESETS_PER_ADDRESS_PER_HOUR, windowSeconds: HOUR },
        perAccount(settings.RATE_LIMIT_PASSWORD_RESETS_PER_EMAIL_PER_HOUR, HOUR),
      ];
    case "email_change_mail":
      // Each one mails an address the caller chose: the per-email limit of reset mails applies per account.
      return [
        { scope: "address", limit: settings.RATE_LIMIT_PASSWORD_RESETS_PER_ADDRESS_PER_HOUR, windowSeconds: HOUR },
        perAccount(settings.RATE_LIMIT_PASSWORD_RESETS_PER_EMAIL_PER_HOUR, HOUR),
      ];
    case "password_reset":
    case "email_confirm":
      return [{ scope: "address", limit: settings.RATE_LIMIT_PASSWORD_RESETS_PER_ADDRESS_PER_HOUR, windowSeconds: HOUR }];
  }
}

/** Who a request is counted for; a rule whose subject is missing is skipped (e.g. an end user named only in the body). */
export type LimitSubject = { clientAddress?: string; accountId?: string | null };

/**
 * Counts one request of `kind` against each of its rules (the caller's address; the account too
 * when signed in) and throws 429 `rate_limited` with Retry-After when any is over. Called by a route
 * right after authentication, before any work. Counters live in Postgres, so every instance shares them.
 */
export async function enforceLimit(kind: LimitKind, subject: LimitSubject): Promise<void> {
  const windows = limitRules(kind).flatMap((rule) => {
    const key = rule.scope === "address" ? subject.clientAddress : subject.accountId;
    return key ? [{ bucket: `${kind}:${rule.scope}`, key, limit: rule.limit, windowSeconds: rule.windowSeconds }] : [];
  });
  // Every rule of a kind has its own scope, so its windows are distinct and counted in one statement.
  const refused = (await consumeEach(windows)).filter((result) => !result.allowed);
  if (refused.length > 0) throw rateLimited(Math.max(...refused.map((result) => result.retryAfterSeconds)));
}

export function rateLimited(retryAfterSeconds: number, detail = "Too many requests. Try again later."): AppError {
  return new AppError("rate_limited", detail, { headers: { "Retry-After": String(Math.max(1, Math.ceil(retryAfterSeconds))) } });
}

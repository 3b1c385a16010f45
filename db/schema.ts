import { sql, type SQL } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  boolean,
  check,
  customType,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  real,
  smallint,
  primaryKey,
  foreignKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

export const ROLES = ["admin", "editor", "approver", "viewer"] as const;
export const PRODUCT_STATUSES = ["draft", "pending_approval", "approved", "rejected"] as const;
/** `agent`: a person of the business answering in the conversation after taking it over. */
export const MESSAGE_ROLES = ["user", "assistant", "system", "tool", "agent"] as const;
export const MESSAGE_STATUSES = ["complete", "streaming", "error", "aborted"] as const;
export const CREDIT_KINDS = ["signup", "message", "refund", "grant"] as const;
export const IDEMPOTENCY_STATES = ["in_progress", "completed"] as const;
export const API_KEY_KINDS = ["secret", "publishable"] as const;
export const API_KEY_SCOPES = ["chat", "stats"] as const;
/** Who a conversation belongs to: a member of the business, or an end user through an API key or the widget. */
export const CHAT_CHANNELS = ["member", "api", "widget"] as const;
/**
 * Who answers a conversation: the assistant; the assistant while the user waits for a person
 * (`needs_person`); or a person of the business who took it over (`with_person`).
 */
export const SESSION_HANDLERS = ["assistant", "needs_person", "with_person"] as const;
/** What the live event stream (GET /api/events) carries. */
export const FEEDBACK_RATINGS = ["up", "down"] as const;
export const EVENT_TYPES = ["message", "session", "typing", "read", "presence", "credits", "purchase"] as const;

export const userRole = pgEnum("user_role", ROLES);
export const productStatus = pgEnum("product_status", PRODUCT_STATUSES);
export const messageRole = pgEnum("message_role", MESSAGE_ROLES);
export const messageStatus = pgEnum("message_status", MESSAGE_STATUSES);
export const creditKind = pgEnum("credit_kind", CREDIT_KINDS);
export const idempotencyState = pgEnum("idempotency_state", IDEMPOTENCY_STATES);
export const apiKeyKind = pgEnum("api_key_kind", API_KEY_KINDS);
export const chatChannel = pgEnum("chat_channel", CHAT_CHANNELS);
export const feedbackRating = pgEnum("feedback_rating", FEEDBACK_RATINGS);

export type Role = (typeof ROLES)[number];
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];
export type MessageRole = (typeof MESSAGE_ROLES)[number];
export type SessionHandler = (typeof SESSION_HANDLERS)[number];
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];
export type CreditKind = (typeof CREDIT_KINDS)[number];
export type ApiKeyKind = (typeof API_KEY_KINDS)[number];
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];
export type ChatChannel = (typeof CHAT_CHANNELS)[number];

const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });
/** Raw bytes: postgres.js hands back a Buffer, PGlite a Uint8Array; both are Uint8Arrays. */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => "bytea" });

const timestamps = {
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date()),
};

export const businesses = pgTable(
  "businesses",
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    slug: text().notNull(),
    botName: text().notNull().default("Assistant"),
    botColor: text().notNull().default("#4f46e5"),
    greeting: text().notNull().default("Hi! Ask me anything about our products."),
    instructions: text().notNull().default(""),
    /** `provider:model` (lib/ai/model-ids.ts). */
    model: text().notNull().default("openai:gpt-4o-mini"),
    messageCost: integer().notNull().default(100),
    initialCredits: integer().notNull().default(4000),
    /** A short mark shown on the widget's launcher and answers (an emoji or up to two letters). */
    botIcon: text(),
    /** The credits end users' messages spend (API and widget); its ledger rows have no user. */
    walletCredits: integer().notNull().default(0),
    /** An API or widget conversation expires after this long without a message from its end user. */
    sessionTimeoutMinutes: integer().notNull().default(30),
    endUserDailyMessages: integer().notNull().default(50),
    requireVerifiedIdentity: boolean().notNull().default(false),
    /** Chat files older than this are deleted by the hourly sweep (lib/files/retention.ts). */
    fileRetentionDays: integer().notNull().default(30),
    /** Whether the storefront appears in the platform's directory on the front page (it stays reachable by its URL). */
    shopListed: boolean().notNull().default(true),
    /** The business's own synonym groups ("couch, sofa, settee"), on top of the built-in retail list. */
    synonyms: jsonb().$type<string[][]>().notNull().default(sql`'[]'::jsonb`),
    /** Signs end-user identifiers (userHash = HMAC-SHA256(secret, identifier)); rotated by an admin. */
    identitySecret: text()
      .notNull()
      .default(sql`replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '')`),
    /** When an admin dismissed the dashboard's first-run checklist; null while it shows (lib/dashboard/checklist.ts). */
    firstRunChecklistDismissedAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("businesses_slug_unique").on(t.slug),
    check("businesses_message_cost_nonnegative", sql`${t.messageCost} >= 0`),
    check("businesses_wallet_credits_nonnegative", sql`${t.walletCredits} >= 0`),
    check("businesses_session_timeout_range", sql`${t.sessionTimeoutMinutes} between 1 and 1440`),
    check("businesses_end_user_daily_messages_range", sql`${t.endUserDailyMessages} between 0 and 100000`),
    check("businesses_initial_credits_nonnegative", sql`${t.initialCredits} >= 0`),
    check("businesses_bot_color_hex", sql`${t.botColor} ~ '^#[0-9a-fA-F]{6}$'`),
    check("businesses_file_retention_days_range", sql`${t.fileRetentionDays} between 1 and 3650`),
  ],
);

/** Seeded from the permission matrix in lib/auth/permissions.ts at every migration run. */
export const roles = pgTable("roles", {
  name: userRole().primaryKey(),
  description: text().notNull(),
  permissions: text().array().notNull(),
});

export const users = pgTable(
  "users",
  {
    id: uuid().primaryKey().defaultRandom(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    email: text().notNull(),
    name: text().notNull(),
    passwordHash: text().notNull(),
    role: userRole()
      .notNull()
      .references(() => roles.name, { onDelete: "restrict" }),
    credits: integer().notNull().default(0),
    active: boolean().notNull().default(true),
    lastLoginAt: timestamp({ withTimezone: true }),
    /** Refreshed while the user holds a live event stream: online while it is less than a minute old. */
    lastSeenAt: timestamp({ withTimezone: true }),
    /** Access tokens issued before this moment are refused (deactivation, reactivation, sign-out everywhere). */
    tokensRevokedBefore: timestamp({ withTimezone: true }),
    /** Set for a temporary password an admin's create generated: every API call but the change is refused until it is changed. */
    passwordChangeRequired: boolean().notNull().default(false),
    /** Browser sessions signed in before this moment end (a password change or reset signs out everywhere else). */
    passwordChangedAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("users_email_lower_unique").on(sql`lower(${t.email})`),
    index("users_business_role_idx").on(t.businessId, t.role),
    index("users_role_idx").on(t.role),
    check("users_credits_nonnegative", sql`${t.credits} >= 0`),
  ],
);

export const refreshTokens = pgTable(
  "refresh_tokens",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    familyId: uuid().notNull(),
    /** The browser session (next-auth cookie's `sid`) whose cookie minted the family; signing it out revokes the family. */
    browserSessionId: uuid(),
    tokenHash: text().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    spentAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("refresh_tokens_hash_unique").on(t.tokenHash),
    index("refresh_tokens_user_idx").on(t.userId),
    index("refresh_tokens_family_idx").on(t.familyId),
    index("refresh_tokens_expires_idx").on(t.expiresAt),
    index("refresh_tokens_browser_session_idx").on(t.browserSessionId),
  ],
);

/**
 * Browser sessions signed out before their cookie expires. JWT cookies keep no state on the server,
 * so a copy of one would otherwise stay good until its expiry; a row lives as long as the cookie could.
 */
export const endedBrowserSessions = pgTable(
  "ended_browser_sessions",
  {
    sessionId: uuid().primaryKey(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index("ended_browser_sessions_user_idx").on(t.userId, t.expiresAt)],
);

export const invites = pgTable(
  "invites",
  {
    id: uuid().primaryKey().defaultRandom(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    codeHash: text().notNull(),
    role: userRole().notNull(),
    email: text(),
    createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
    usedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    usedAt: timestamp({ withTimezone: true }),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    /** An admin withdrew it: the code no longer works. */
    revokedAt: timestamp({ withTimezone: true }),
    /** When the invite was last emailed (invites tied to an address are emailed on creation and on resend). */
    lastSentAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("invites_code_hash_unique").on(t.codeHash),
    index("invites_business_idx").on(t.businessId),
    index("invites_created_by_idx").on(t.createdBy),
    index("invites_used_by_idx").on(t.usedBy),
  ],
);

/** Single-use password reset links: only the SHA-256 of the token is kept, and it lives 30 minutes. */
export const passwordResetTokens = pgTable(
  "password_reset_tokens",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("password_reset_tokens_hash_unique").on(t.tokenHash), index("password_reset_tokens_user_idx").on(t.userId)],
);

/**
 * A member's asked-for new sign-in address, waiting for its mailed link: one per user (asking again
 * replaces it, so an earlier link stops working); only the token's hash is kept.
 */
export const emailChanges = pgTable(
  "email_changes",
  {
    userId: uuid()
      .primaryKey()
      .references(() => users.id, { onDelete: "cascade" }),
    newEmail: text().notNull(),
    tokenHash: text().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("email_changes_hash_unique").on(t.tokenHash)],
);

/** Keys for the business's own servers (secret) and its website's widget (publishable); only a hash is kept. */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid().primaryKey().defaultRandom(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    name: text().notNull(),
    kind: apiKeyKind().notNull(),
    /** The first characters of the key, to tell keys apart in a list. */
    prefix: text().notNull(),
    /** SHA-256 of the whole key. */
    keyHash: text().notNull(),
    scopes: text().array().$type<ApiKeyScope[]>().notNull().default(sql`'{}'::text[]`),
    /** Publishable keys: the exact origins (scheme://host[:port]) whose pages may embed the widget. */
    allowedOrigins: text().array().notNull().default(sql`'{}'::text[]`),
    createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
    lastUsedAt: timestamp({ withTimezone: true }),
    expiresAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("api_keys_key_hash_unique").on(t.keyHash),
    index("api_keys_business_created_idx").on(t.businessId, t.createdAt),
    index("api_keys_created_by_idx").on(t.createdBy),
    check("api_keys_publishable_has_origins", sql`${t.kind} <> 'publishable' or cardinality(${t.allowedOrigins}) >= 1`),
  ],
);

/**
 * The people a business's API calls and widget speak for. An identifier the business vouched for
 * (a secret key, or a valid userHash) is verified; the same identifier unverified is another end
 * user, never merged. Anonymous widget visitors are known by a random key their browser keeps.
 */
export const endUsers = pgTable(
  "end_users",
  {
    id: uuid().primaryKey().defaultRandom(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    identifier: text(),
    anonymousKey: text(),
    verified: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("end_users_business_identifier_unique")
      .on(t.businessId, t.verified, t.identifier)
      .where(sql`${t.identifier} is not null`),
    uniqueIndex("end_users_business_anonymous_unique")
      .on(t.businessId, t.anonymousKey)
      .where(sql`${t.anonymousKey} is not null`),
    index("end_users_business_seen_idx").on(t.businessId, t.lastSeenAt),
    check("end_users_one_name", sql`(${t.identifier} is null) <> (${t.anonymousKey} is null)`),
    check("end_users_identifier_length", sql`${t.identifier} is null or char_length(${t.identifier}) between 1 and 255`),
  ],
);

/** A business's managed list of product categories; products and revisions name one of them. */
export const productCategories = pgTable(
  "product_categories",
  {
    id: uuid().primaryKey().defaultRandom(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    name: text().notNull(),
    ...timestamps,
  },
  (t) => [
    // The target of the products' (business_id, category) foreign key.
    unique("product_categories_business_name_key").on(t.businessId, t.name),
    // "Lighting" and "lighting " are one category: no drift in the filter.
    uniqueIndex("product_categories_business_lower_name_unique").on(t.businessId, sql`lower(${t.name})`),
    check("product_categories_name_trimmed", sql`${t.name} = btrim(${t.name}) and ${t.name} <> ''`),
  ],
);

export const products = pgTable(
  "products",
  {
    id: uuid().primaryKey().defaultRandom(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    name: text().notNull(),
    description: text().notNull(),
    price: numeric({ precision: 12, scale: 2 }).notNull(),
    sku: text(),
    category: text(),
    stock: integer(),
    status: productStatus().notNull().default("draft"),
    createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
    /** Who last edited the current version, and who submitted it: neither may approve it. */
    editedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    submittedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    /**
     * Everyone who edited or submitted the version under review, not only the last: a rejection does not
     * clear it, since the next version is built on theirs. None of them may approve it.
     */
    editors: uuid().array().notNull().default(sql`'{}'::uuid[]`),
    approvedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    approvedAt: timestamp({ withTimezone: true }),
    submittedAt: timestamp({ withTimezone: true }),
    rejectionReason: text(),
    // Name outranks category outranks description; kept by Postgres so every writer stays consistent.
    search: tsvector()
      .notNull()
      .generatedAlwaysAs(
        (): SQL =>
          sql`setweight(to_tsvector('english'::regconfig, coalesce(${products.name}, '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce(${products.category}, '')), 'B') || setweight(to_tsvector('english'::regconfig, coalesce(${products.description}, '')), 'C')`,
      ),
    ...timestamps,
  },
  (t) => [
    index("products_business_status_idx").on(t.businessId, t.status),
    index("products_status_created_idx").on(t.status, t.createdAt),
    index("products_business_category_idx").on(t.businessId, t.category),
    index("products_created_by_idx").on(t.createdBy),
    index("products_approved_by_idx").on(t.approvedBy),
    index("products_edited_by_idx").on(t.editedBy),
    index("products_submitted_by_idx").on(t.submittedBy),
    index("products_search_idx").using("gin", t.search),
    // Typo-tolerant name lookup ("hedphones"): trigram similarity on the lower-cased name.
    index("products_name_trgm_idx").using("gin", sql`lower(${t.name}) gin_trgm_ops`),
    // The storefront's orders over one business's live products.
    index("products_business_approved_price_idx").on(t.businessId, t.price, t.id).where(sql`${t.status} = 'approved'`),
    index("products_business_approved_created_idx").on(t.businessId, t.createdAt, t.id).where(sql`${t.status} = 'approved'`),
    // The storefront's category counts read only this index, never the table.
    index("products_business_approved_category_idx")
      .on(t.businessId, t.category, t.price, t.stock)
      .where(sql`${t.status} = 'approved'`),
    // "ABC-1" and "abc-1" are one SKU (lib/products/queries.ts findTakenSkus compares the same way).
    uniqueIndex("products_business_lower_sku_unique")
      .on(t.businessId, sql`lower(${t.sku})`)
      .where(sql`${t.sku} is not null`),
    // A product's category is one of its business's managed list; renaming a category renames it here.
    foreignKey({
      name: "products_category_fk",
      columns: [t.businessId, t.category],
      foreignColumns: [productCategories.businessId, productCategories.name],
    }).onUpdate("cascade"),
    check("products_price_nonnegative", sql`${t.price} >= 0`),
    check("products_stock_nonnegative", sql`${t.stock} is null or ${t.stock} >= 0`),
  ],
);

export const chatSessions = pgTable(
  "chat_sessions",
  {
    id: uuid().primaryKey().defaultRandom(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    /** The member who owns it; null for an end user's conversation (channel api or widget). */
    userId: uuid().references(() => users.id, { onDelete: "cascade" }),
    channel: chatChannel().notNull().default("member"),
    /** The end user it speaks for; null for members and for anonymous API conversations. */
    endUserId: uuid().references(() => endUsers.id, { onDelete: "cascade" }),
    apiKeyId: uuid().references(() => apiKeys.id, { onDelete: "set null" }),
    config: jsonb().$type<ChatSessionConfig>().notNull().default({}),
    title: text().notNull(),
    lastActivityAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    handler: text().$type<(typeof SESSION_HANDLERS)[number]>().notNull().default("assistant"),
    /** The admin who took the conversation over (while `with_person`). */
    agentId: uuid().references(() => users.id, { onDelete: "set null" }),
    /** The takeover or the agent's latest reply: a conversation left alone for 15 minutes after it returns to the assistant. */
    agentActiveAt: timestamp({ withTimezone: true }),
    /** When the user asked for a person (while `needs_person`). */
    personRequestedAt: timestamp({ withTimezone: true }),
    /** The newest of the owner's messages an admin has read: "Seen" for the user, unread counts for admins. */
    adminReadAt: timestamp({ withTimezone: true }),
    /** The last message of the branch the conversation continues from: where the next message attaches. */
    activeLeafId: uuid().references((): AnyPgColumn => chatMessages.id, { onDelete: "set null" }),
    /** Whether an answer was regenerated or a message edited: only then is history a path through a tree. */
    branched: boolean().notNull().default(false),
    /** How many messages the conversation holds, every branch included; kept by triggers on chat_messages. */
    messageCount: integer().notNull().default(0),
    ...timestamps,
  },
  (t) => [
    index("chat_sessions_user_activity_idx").on(t.userId, t.lastActivityAt),
    index("chat_sessions_business_created_idx").on(t.businessId, t.createdAt),
    index("chat_sessions_business_channel_activity_idx").on(t.businessId, t.channel, t.lastActivityAt),
    index("chat_sessions_end_user_idx").on(t.endUserId),
    index("chat_sessions_api_key_idx").on(t.apiKeyId),
    index("chat_sessions_business_handler_activity_idx").on(t.businessId, t.handler, t.lastActivityAt),
    index("chat_sessions_agent_idx").on(t.agentId),
    index("chat_sessions_active_leaf_idx").on(t.activeLeafId),
    check("chat_sessions_handler", sql`${t.handler} in ('assistant', 'needs_person', 'with_person')`),
    check("chat_sessions_owner", sql`(${t.channel} = 'member') = (${t.userId} is not null)`),
    check("chat_sessions_widget_has_end_user", sql`${t.channel} <> 'widget' or ${t.endUserId} is not null`),
  ],
);

/** What the caller of an API or widget conversation told the assistant about where the chat happens. */
export type ChatSessionConfig = {
  pageContext?: { url: string; title?: string };
  customInstructions?: string;
  /** The model this API or widget conversation asked for, checked against what was offered then. */
  aiProvider?: "openai" | "anthropic";
  model?: string;
};

/** `image`: the product's first picture when it was shown (absent on cards stored before products had images). */
export type ProductCard = { id: string; name: string; price: string; category: string | null; stock?: number | null; image?: { url: string; alt: string } | null };
export type PurchaseProposal = { productId: string; productName: string; quantity: number; unitPrice: string };

export const chatMessages = pgTable(
  "chat_messages",
  {
    id: uuid().primaryKey().defaultRandom(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    sessionId: uuid()
      .notNull()
      .references(() => chatSessions.id, { onDelete: "cascade" }),
    /** The member of a member conversation; null in an end user's conversation. */
    userId: uuid().references(() => users.id, { onDelete: "cascade" }),
    endUserId: uuid().references(() => endUsers.id, { onDelete: "cascade" }),
    /** The message this one follows in its branch; siblings are an edit's or a regeneration's versions. */
    parentId: uuid().references((): AnyPgColumn => chatMessages.id, { onDelete: "cascade" }),
    role: messageRole().notNull(),
    content: text().notNull(),
    status: messageStatus().notNull().default("complete"),
    userRoleAtTime: userRole(),
    model: text(),
    provider: text(),
    promptTokens: integer(),
    completionTokens: integer(),
    tokensUsed: integer(),
    costCents: numeric({ precision: 12, scale: 4 }),
    productCards: jsonb().$type<ProductCard[]>(),
    proposal: jsonb().$type<PurchaseProposal>(),
    toolCalls: jsonb().$type<unknown[]>(),
    error: text(),
    /** The person who wrote an `agent` message, and their name as it was then. */
    authorId: uuid().references(() => users.id, { onDelete: "set null" }),
    authorName: text(),
    /** An assistant answer that searched the catalog and found nothing to show: a gap in the catalog. */
    noMatch: boolean().notNull().default(false),
    ...timestamps,
  },
  (t) => [
    index("chat_messages_session_created_idx").on(t.sessionId, t.createdAt, t.id),
    // Conversation search over message text.
    index("chat_messages_content_search_idx").using("gin", sql`to_tsvector('english'::regconfig, ${t.content})`),
    index("chat_messages_business_no_match_idx").on(t.businessId, t.createdAt).where(sql`${t.noMatch}`),
    // Answers still being written: few at any time, found by the sweep of turns an instance left behind.
    index("chat_messages_streaming_idx").on(t.createdAt).where(sql`${t.status} = 'streaming'`),
    index("chat_messages_author_idx").on(t.authorId),
    index("chat_messages_parent_idx").on(t.parentId),
    index("chat_messages_business_created_idx").on(t.businessId, t.createdAt),
    index("chat_messages_user_idx").on(t.userId),
    index("chat_messages_end_user_idx").on(t.endUserId),
  ],
);

/** A member's 👍/👎 on an assistant answer: one per person and answer, changeable. */
export const chatMessageFeedback = pgTable(
  "chat_message_feedback",
  {
    id: uuid().primaryKey().defaultRandom(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    messageId: uuid()
      .notNull()
      .references(() => chatMessages.id, { onDelete: "cascade" }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    rating: feedbackRating().notNull(),
    reason: text(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("chat_message_feedback_message_user_unique").on(t.messageId, t.userId),
    index("chat_message_feedback_business_rating_idx").on(t.businessId, t.rating, t.updatedAt),
    index("chat_message_feedback_user_idx").on(t.userId),
    check("chat_message_feedback_reason_length", sql`${t.reason} is null or char_length(${t.reason}) <= 1000`),
  ],
);

/**
 * A live product's embedding for semantic retrieval, computed in the background after approval.
 * `real[]` so both engines store it; where the `vector` extension is installed the search casts
 * it to `vector` and lets pgvector rank (lib/embeddings).
 */
export const productEmbeddings = pgTable(
  "product_embeddings",
  {
    productId: uuid()
      .primaryKey()
      .references(() => products.id, { onDelete: "cascade" }),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    model: text().notNull(),
    /** A hash of the text embedded; a product whose text changed is embedded again. */
    contentHash: text().notNull(),
    embedding: real().array().notNull(),
    ...timestamps,
  },
  (t) => [index("product_embeddings_business_idx").on(t.businessId, t.model)],
);

/** A customer's CSV, TSV or JSON file attached to a conversation; its cells are in chat_file_columns. */
export const chatFiles = pgTable(
  "chat_files",
  {
    id: uuid().primaryKey().defaultRandom(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    sessionId: uuid()
      .notNull()
      .references(() => chatSessions.id, { onDelete: "cascade" }),
    /** The member who attached it, or the end user of an API or widget conversation. */
    uploadedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    endUserId: uuid().references(() => endUsers.id, { onDelete: "set null" }),
    name: text().notNull(),
    kind: text().$type<"csv" | "tsv" | "json">().notNull(),
    sizeBytes: integer().notNull(),
    rowCount: integer().notNull(),
    columns: jsonb().$type<ChatFileColumn[]>().notNull(),
    summary: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("chat_files_session_created_idx").on(t.sessionId, t.createdAt),
    index("chat_files_business_created_idx").on(t.businessId, t.createdAt),
    index("chat_files_uploaded_by_idx").on(t.uploadedBy),
    index("chat_files_end_user_idx").on(t.endUserId),
    check("chat_files_kind", sql`${t.kind} in ('csv', 'tsv', 'json')`),
  ],
);

/**
 * A proposed change to an approved product's content. The approved version stays live (public and
 * purchasable) while its revision goes draft → pending_approval → approved | rejected under the same
 * rules as a new product; approving copies it onto the product in one statement. At most one is open
 * (not approved) per product; approved ones stay as the product's history. Stock is operational and
 * never part of a revision.
 */
export const productRevisions = pgTable(
  "product_revisions",
  {
    id: uuid().primaryKey().defaultRandom(),
    productId: uuid()
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    name: text().notNull(),
    description: text().notNull(),
    price: numeric({ precision: 12, scale: 2 }).notNull(),
    sku: text(),
    category: text(),
    /** The revision's gallery in order: live images it keeps and pending ones it adds, each with its alt text. */
    images: jsonb().$type<{ id: string; alt: string }[]>().notNull().default([]),
    status: productStatus().notNull().default("draft"),
    createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
    editedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    submittedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    /** Everyone who edited or submitted this change since it was opened (as `products.editors`). */
    editors: uuid().array().notNull().default(sql`'{}'::uuid[]`),
    approvedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    submittedAt: timestamp({ withTimezone: true }),
    approvedAt: timestamp({ withTimezone: true }),
    rejectionReason: text(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("product_revisions_one_open").on(t.productId).where(sql`${t.status} <> 'approved'`),
    index("product_revisions_business_status_idx").on(t.businessId, t.status),
    index("product_revisions_created_by_idx").on(t.createdBy),
    index("product_revisions_edited_by_idx").on(t.editedBy),
    index("product_revisions_submitted_by_idx").on(t.submittedBy),
    index("product_revisions_approved_by_idx").on(t.approvedBy),
    foreignKey({
      name: "product_revisions_category_fk",
      columns: [t.businessId, t.category],
      foreignColumns: [productCategories.businessId, productCategories.name],
    }).onUpdate("cascade"),
    check("product_revisions_price_nonnegative", sql`${t.price} >= 0`),
  ],
);

export type ProductRevision = typeof productRevisions.$inferSelect;

/**
 * One picture of a product. `pending`: uploaded for the open revision of an approved product, so not
 * part of the live product (nor public) until that revision is approved. The resized bytes are in
 * image_blobs behind lib/images/storage.ts.
 */
export const productImages = pgTable(
  "product_images",
  {
    id: uuid().primaryKey().defaultRandom(),
    productId: uuid()
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    position: integer().notNull(),
    alt: text().notNull().default(""),
    pending: boolean().notNull().default(false),
    /** The widths stored, ascending (never wider than the original). */
    widths: jsonb().$type<number[]>().notNull(),
    originalWidth: integer().notNull(),
    originalHeight: integer().notNull(),
    originalType: text().notNull(),
    originalBytes: integer().notNull(),
    createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
    ...timestamps,
  },
  (t) => [
    index("product_images_product_position_idx").on(t.productId, t.position),
    index("product_images_business_idx").on(t.businessId),
    index("product_images_created_by_idx").on(t.createdBy),
    check("product_images_position_nonnegative", sql`${t.position} >= 0`),
  ],
);

export type ProductImage = typeof productImages.$inferSelect;

/** The stored renditions of an image: one WebP per width. Immutable, so its ETag never changes. */
export const imageBlobs = pgTable(
  "image_blobs",
  {
    imageId: uuid()
      .notNull()
      .references(() => productImages.id, { onDelete: "cascade" }),
    width: integer().notNull(),
    contentType: text().notNull(),
    etag: text().notNull(),
    bytes: bytea().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.imageId, t.width] })],
);

export type ChatFileColumn = {
  name: string;
  type: "integer" | "number" | "boolean" | "date" | "text";
  nulls: number;
  min?: number | string;
  max?: number | string;
  /** Numbers written with a currency or percent sign ("$1,200.00", "12%"): which. */
  unit?: "$" | "€" | "£" | "¥" | "%";
  /** Dates written with slashes or dots: month first ("01/31/2024") or day first ("31.01.2024"); min and max are ISO days. */
  dateOrder?: "mdy" | "dmy";
};

/**
 * One column of a chat file over FILE_CHUNK_ROWS consecutive records (lib/files/queries.ts), column-wise so an
 * aggregate reads only the columns it needs and an upload writes a few large rows instead of one per
 * record. `texts` holds each cell as the file wrote it (SQL null when empty); `numbers` the same cells as
 * numeric, for integer and number columns only. The file's business is repeated so every query filters by tenant.
 */
export const chatFileColumns = pgTable(
  "chat_file_columns",
  {
    fileId: uuid()
      .notNull()
      .references(() => chatFiles.id, { onDelete: "cascade" }),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    /** The column's index in `chat_files.columns`. */
    position: smallint().notNull(),
    /** The record number (from 1) of the chunk's first cell. */
    firstRow: integer().notNull(),
    texts: text().array().notNull(),
    numbers: numeric().array(),
  },
  (t) => [primaryKey({ columns: [t.fileId, t.position, t.firstRow] }), index("chat_file_columns_business_idx").on(t.businessId)],
);

export const purchases = pgTable(
  "purchases",
  {
    id: uuid().primaryKey().defaultRandom(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    // A purchase outlives its product: the name and price are snapshotted.
    productId: uuid().references(() => products.id, { onDelete: "set null" }),
    productName: text().notNull(),
    quantity: integer().notNull(),
    unitPrice: numeric({ precision: 12, scale: 2 }).notNull(),
    total: numeric({ precision: 12, scale: 2 }).notNull(),
    sessionId: uuid().references(() => chatSessions.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("purchases_business_created_idx").on(t.businessId, t.createdAt),
    index("purchases_user_created_idx").on(t.userId, t.createdAt),
    index("purchases_product_idx").on(t.productId),
    index("purchases_session_idx").on(t.sessionId),
    check("purchases_quantity_range", sql`${t.quantity} between 1 and 100`),
    check("purchases_unit_price_nonnegative", sql`${t.unitPrice} >= 0`),
    check("purchases_total_nonnegative", sql`${t.total} >= 0`),
  ],
);

export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    id: uuid().primaryKey().defaultRandom(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    key: text().notNull(),
    scope: text().notNull(),
    requestHash: text().notNull(),
    state: idempotencyState().notNull().default("in_progress"),
    responseStatus: integer(),
    responseBody: jsonb(),
    purchaseId: uuid().references(() => purchases.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("idempotency_keys_user_scope_key_unique").on(t.userId, t.scope, t.key),
    index("idempotency_keys_business_idx").on(t.businessId),
    index("idempotency_keys_purchase_idx").on(t.purchaseId),
    index("idempotency_keys_expires_idx").on(t.expiresAt),
  ],
);

export const creditTransactions = pgTable(
  "credit_transactions",
  {
    id: uuid().primaryKey().defaultRandom(),
    /** Write order: a ledger lists by this, so balances follow the rows even within one transaction. */
    seq: bigint({ mode: "number" }).generatedAlwaysAsIdentity(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    /** The member whose balance moved; null when it is the business wallet (end users' messages). */
    userId: uuid().references(() => users.id, { onDelete: "cascade" }),
    /** The end user whose message spent (or got back) wallet credits. */
    endUserId: uuid().references(() => endUsers.id, { onDelete: "set null" }),
    kind: creditKind().notNull(),
    amount: integer().notNull(),
    balanceAfter: integer().notNull(),
    reason: text(),
    messageId: uuid().references(() => chatMessages.id, { onDelete: "set null" }),
    createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("credit_transactions_user_created_idx").on(t.userId, t.createdAt),
    index("credit_transactions_user_seq_idx").on(t.userId, t.seq),
    index("credit_transactions_business_created_idx").on(t.businessId, t.createdAt),
    index("credit_transactions_message_idx").on(t.messageId),
    index("credit_transactions_created_by_idx").on(t.createdBy),
    index("credit_transactions_wallet_seq_idx")
      .on(t.businessId, t.seq)
      .where(sql`${t.userId} is null`),
    index("credit_transactions_end_user_idx").on(t.endUserId),
    check("credit_transactions_balance_after_nonnegative", sql`${t.balanceAfter} >= 0`),
  ],
);

export const auditLog = pgTable(
  "audit_log",
  {
    id: uuid().primaryKey().defaultRandom(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    actorId: uuid().references(() => users.id, { onDelete: "set null" }),
    action: text().notNull(),
    entityType: text().notNull(),
    entityId: text(),
    summary: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    requestId: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("audit_log_business_created_idx").on(t.businessId, t.createdAt),
    index("audit_log_business_action_idx").on(t.businessId, t.action),
    index("audit_log_entity_idx").on(t.entityType, t.entityId),
    index("audit_log_actor_idx").on(t.actorId),
  ],
);

/** Fixed-window counters shared by every app instance (login throttling and similar limits). */
export const rateLimits = pgTable(
  "rate_limits",
  {
    bucket: text().notNull(),
    key: text().notNull(),
    count: integer().notNull().default(0),
    windowStartedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.bucket, t.key] }), index("rate_limits_expires_idx").on(t.expiresAt)],
);

/**
 * Per-account sign-in back-off, independent of the address: after repeated failures the account
 * accepts its next attempt only after `blockedUntil`; attempts refused while blocked do not extend it.
 */
export const loginBackoffs = pgTable("login_backoffs", {
  accountKey: text().primaryKey(),
  failures: integer().notNull().default(0),
  blockedUntil: timestamp({ withTimezone: true }),
  lastFailureAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/**
 * The live events of a business, each written in the same transaction as the change it describes and
 * kept for at least a day so a client that reconnects with Last-Event-ID gets what it missed. `id`
 * orders them; within one business ids are in commit order (the writer holds a per-business lock).
 * Who may see one: the member `userId`, the end user `endUserId`, and the business's admins when
 * `forAdmins`.
 */
export const events = pgTable(
  "events",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    businessId: uuid()
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    type: text().$type<(typeof EVENT_TYPES)[number]>().notNull(),
    userId: uuid().references(() => users.id, { onDelete: "cascade" }),
    endUserId: uuid().references(() => endUsers.id, { onDelete: "cascade" }),
    forAdmins: boolean().notNull().default(true),
    /** The conversation it is about, if any; no foreign key, so "deleted" outlives the session. */
    sessionId: uuid(),
    data: jsonb().$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("events_business_id_idx").on(t.businessId, t.id),
    index("events_created_idx").on(t.createdAt),
    index("events_user_idx").on(t.userId),
    index("events_end_user_idx").on(t.endUserId),
    check("events_type", sql`${t.type} in ('message', 'session', 'typing', 'read', 'presence', 'credits', 'purchase')`),
  ],
);

export type Business = typeof businesses.$inferSelect;
export type User = typeof users.$inferSelect;
export type Product = typeof products.$inferSelect;
export type ChatSession = typeof chatSessions.$inferSelect;
export type ChatMessage = typeof chatMessages.$inferSelect;
export type Purchase = typeof purchases.$inferSelect;
export type CreditTransaction = typeof creditTransactions.$inferSelect;
export type AuditEntry = typeof auditLog.$inferSelect;
export type ApiKey = typeof apiKeys.$inferSelect;
export type EndUser = typeof endUsers.$inferSelect;
export type ChatFile = typeof chatFiles.$inferSelect;
export type AppEventRow = typeof events.$inferSelect;

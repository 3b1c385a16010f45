/**
 * The audit vocabulary: every action a service records and every kind of entity an entry is about.
 * Browser-safe, so the recorder, the API's filter and the audit page's describer share one list;
 * a new action does not compile until the describer and the filter labels know it.
 */

export const AUDIT_ACTIONS = [
  "business.update",
  "credits.grant",
  "product.create",
  "product.update",
  "product.submit",
  "product.approve",
  "product.reject",
  "product.delete",
  "product.import",
  "product.stock_update",
  "product.image_add",
  "product.image_update",
  "product.image_remove",
  "purchase.create",
  "user.create",
  "user.role_change",
  "user.update",
  "user.deactivate",
  "user.reactivate",
  "invite.create",
  "invite.revoke",
  "invite.resend",
  "user.password_change",
  "user.password_reset",
  "user.profile_update",
  "business.create",
  "chat.session_delete",
  "chat.history_clear",
  "api_key.create",
  "api_key.update",
  "api_key.revoke",
  "business.identity_secret_rotate",
  "wallet.adjust",
  "chat.file_upload",
  "chat.file_delete",
  "chat.person_request",
  "chat.person_request_withdraw",
  "chat.takeover",
  "chat.handback",
  "chat.agent_reply",
  "category.create",
  "category.rename",
  "category.merge",
  "category.delete",
  "business.first_run_dismiss",
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_ENTITY_TYPES = ["business", "user", "product", "purchase", "invite", "chat_session", "api_key", "chat_file", "category"] as const;

export type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number];

/** Entries are stored as text: one written before an action was retired still has to be read. */
export function isAuditAction(value: string): value is AuditAction {
  return (AUDIT_ACTIONS as readonly string[]).includes(value);
}

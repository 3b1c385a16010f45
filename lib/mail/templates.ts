import escapeHtml from "escape-html";

/** One mail as sent: a subject and the same words as plain text and as HTML. */
export type Mail = { subject: string; text: string; html: string };

type Paragraph = string | { link: string; label: string };

/**
 * A plain mail: paragraphs of text, and at most one button-like link. Every value is escaped, so a
 * business or person name holding markup reaches the reader as text.
 */
function compose(subject: string, paragraphs: Paragraph[]): Mail {
  const text = paragraphs.map((part) => (typeof part === "string" ? part : `${part.label}: ${part.link}`)).join("\n\n");
  const body = paragraphs
    .map((part) =>
      typeof part === "string"
        ? `<p style="margin:0 0 16px">${escapeHtml(part)}</p>`
        : `<p style="margin:0 0 16px"><a href="${escapeHtml(part.link)}" style="display:inline-block;padding:10px 16px;border-radius:6px;background:#4338ca;color:#ffffff;text-decoration:none;font-weight:600">${escapeHtml(part.label)}</a></p><p style="margin:0 0 16px;font-size:13px;color:#475569">Or open this address: ${escapeHtml(part.link)}</p>`,
    )
    .join("");
  const html = `<!doctype html><html><body style="margin:0;padding:24px;background:#f8fafc;font:15px/1.5 system-ui,sans-serif;color:#0f172a"><div style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px">${body}</div></body></html>`;
  return { subject, text: `${text}\n`, html };
}

export function inviteMail(input: { businessName: string; roleLabel: string; inviterName: string | null; link: string; expiresAt: Date }): Mail {
  const who = input.inviterName ? `${input.inviterName} invited you` : "You are invited";
  return compose(`Join ${input.businessName} on Product Assistant`, [
    `${who} to join ${input.businessName} on Product Assistant as ${input.roleLabel.toLowerCase()}.`,
    { link: input.link, label: "Accept the invite" },
    `The invite works once and expires on ${input.expiresAt.toUTCString()}. If you did not expect it, ignore this mail.`,
  ]);
}

export function passwordResetMail(input: { name: string; link: string; validMinutes: number }): Mail {
  return compose("Reset your Product Assistant password", [
    `Hello ${input.name},`,
    `Someone (we hope you) asked to reset the password of your Product Assistant account. The link works once, for ${input.validMinutes} minutes.`,
    { link: input.link, label: "Choose a new password" },
    "If you did not ask for this, ignore this mail: your password stays as it is.",
  ]);
}

export function emailChangeConfirmMail(input: { name: string; link: string; validHours: number }): Mail {
  return compose("Confirm your new Product Assistant email", [
    `Hello ${input.name},`,
    `Someone (we hope you) asked to make this address the one that signs in to a Product Assistant account. Nothing changes until the link is opened; it works once, for ${input.validHours} hours.`,
    { link: input.link, label: "Confirm this email" },
    "If you did not ask for this, ignore this mail: the account keeps its address.",
  ]);
}

export function emailChangeNoticeMail(input: { name: string; newEmail: string; validHours: number }): Mail {
  return compose("Your Product Assistant email is about to change", [
    `Hello ${input.name},`,
    `Someone signed in to your Product Assistant account with its password asked to change its email to ${input.newEmail}. A link went to that address; the change happens only if it is opened in the next ${input.validHours} hours.`,
    "If this was not you, sign in, cancel the change on your account page and change your password.",
  ]);
}

export function handoffMail(input: { businessName: string; customer: string; excerpt: string; link: string }): Mail {
  return compose(`A customer of ${input.businessName} asks for a person`, [
    `${input.customer} asked to talk to a person.`,
    `Their last message: “${input.excerpt}”`,
    { link: input.link, label: "Open the inbox" },
  ]);
}

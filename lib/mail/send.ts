import "server-only";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { keepInOutbox } from "./outbox";
import type { Mail } from "./templates";
import { smtpTransport } from "./transport";

/**
 * Sends one mail to `to`. Without SMTP_URL it goes to the log (outside production whole, with its
 * links, and kept for /dev/outbox; in production only that it was not sent, since its links are
 * secrets). Never throws: a mail that could not be sent is logged and answered `false`, and what
 * asked for it (an invite, a reset) stands, to be resent.
 */
export async function sendMail(to: string, mail: Mail): Promise<boolean> {
  const current = env();
  const transport = smtpTransport(current);
  if (!transport) {
    if (current.NODE_ENV === "production") {
      logger().warn({ subject: mail.subject }, "mail not sent: SMTP_URL is not set");
      return false;
    }
    const entry = keepInOutbox(to, mail);
    logger().info({ to, subject: mail.subject, outboxId: entry.id, text: mail.text }, "mail kept in the development outbox (/dev/outbox)");
    return true;
  }
  try {
    await transport.sendMail({ from: current.MAIL_FROM, to, subject: mail.subject, text: mail.text, html: mail.html });
    return true;
  } catch (error) {
    logger().error({ err: error, subject: mail.subject }, "mail could not be sent");
    return false;
  }
}

import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, vi } from "vitest";
import { resetEnv } from "@/lib/env";

export type ReceivedMail = { from: string; to: string[]; subject: string; text: string; html: string };

/**
 * A real SMTP server on a free local port, and SMTP_URL pointing the app at it. Mails are parsed as
 * received; `mailTo` waits for the next one to an address.
 */
export async function startSmtpServer() {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail: ParsedMail) => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            to: session.envelope.rcptTo.map((recipient) => recipient.address.toLowerCase()),
            subject: mail.subject ?? "",
            text: mail.text ?? "",
            html: typeof mail.html === "string" ? mail.html : "",
          });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  const previous = process.env.SMTP_URL;
  process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
  resetEnv();

  return {
    received,
    /** Every mail received so far for `address`. */
    mailsTo: (address: string) => received.filter((mail) => mail.to.includes(address.toLowerCase())),
    /** The `count`-th mail for `address` (1-based), once it has arrived. */
    async mailTo(address: string, count = 1): Promise<ReceivedMail> {
      await vi.waitUntil(() => received.filter((mail) => mail.to.includes(address.toLowerCase())).length >= count, { timeout: 10_000, interval: 20 });
      return received.filter((mail) => mail.to.includes(address.toLowerCase()))[count - 1]!;
    },
    async close() {
      if (previous === undefined) delete process.env.SMTP_URL;
      else process.env.SMTP_URL = previous;
      resetEnv();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The one link of a mail's text that starts with `prefix`. */
export function linkIn(mail: ReceivedMail, prefix: string): URL {
  const links = [...mail.text.matchAll(/https?:\/\/\S+/g)].map((match) => match[0]).filter((link) => link.startsWith(prefix));
  if (links.length === 0) throw new Error(`no link starting with ${prefix} in:\n${mail.text}`);
  return new URL(links[0]!);
}

/** The app's address in mails sent during tests: links must point here, never at a request's Host. */
export const MAIL_APP_URL = "https://app.example.test";

/**
 * For a test file: one SMTP server for all its tests, with `APP_URL` set to MAIL_APP_URL, both
 * undone after the file. The answer reads the server once it has started.
 */
export function smtpServerForFile() {
  let server: Awaited<ReturnType<typeof startSmtpServer>> | undefined;
  beforeAll(async () => {
    process.env.APP_URL = MAIL_APP_URL;
    server = await startSmtpServer();
  });
  afterAll(async () => {
    await server?.close();
    delete process.env.APP_URL;
    resetEnv();
  });
  return {
    mailTo: (address: string, count?: number) => server!.mailTo(address, count),
    mailsTo: (address: string) => server!.mailsTo(address),
  };
}

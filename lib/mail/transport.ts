import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { env, type Env } from "@/lib/env";

// Built once per parsed environment (as authOptions), so a test that points SMTP_URL elsewhere gets a new one.
let built: { source: Env; transporter: Transporter | null } | undefined;

/** The SMTP transport of SMTP_URL (pooled connections), or null when mail is not configured. */
export function smtpTransport(current: Env = env()): Transporter | null {
  if (built?.source !== current) {
    built?.transporter?.close();
    built = { source: current, transporter: current.SMTP_URL ? nodemailer.createTransport(smtpOptions(current.SMTP_URL)) : null };
  }
  return built.transporter;
}

function smtpOptions(url: string) {
  // nodemailer reads host, port, credentials and smtps:// (implicit TLS) from the URL; plain smtp://
  // upgrades with STARTTLS whenever the server offers it.
  return {
    url,
    pool: true,
    maxConnections: 2,
    // A mail server that hangs must not hold a request (or a sweep) for nodemailer's minutes-long defaults.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  };
}

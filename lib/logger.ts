import pino from "pino";
import { env } from "./env";

const globalForLogger = globalThis as unknown as { __appLogger?: pino.Logger };

export function logger(): pino.Logger {
  globalForLogger.__appLogger ??= pino({
    level: env().LOG_LEVEL,
    base: { service: "product-assistant" },
    redact: ["password", "*.password", "token", "*.token", "refresh", "*.refresh", "authorization"],
  });
  return globalForLogger.__appLogger;
}

export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // First, so every request served from now on carries the socket address (lib/rate-limit/client-ip.ts).
  const { installSocketAddressStamp } = await import("./lib/rate-limit/socket-address");
  installSocketAddressStamp();
  const { prepareDatabase } = await import("./lib/startup");
  await prepareDatabase();
}

import type { NextConfig } from "next";
import { staticPagesRedirects, staticVisitorRewrites } from "./lib/pages/visitor-pages";
import { API_CONTENT_SECURITY_POLICY } from "./lib/security/csp";

const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
  // Browsers keep it only from an https answer, so local http work is untouched; without subdomains,
  // which an operator's other hosts may still serve over http.
  { key: "Strict-Transport-Security", value: "max-age=31536000" },
];

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // Each route's code loads on its first request rather than all at start: an instance idles ~40–65 MiB
  // smaller and is healthy ~0.5 s sooner; a route's first request pays ~120 ms once (docs/PERFORMANCE.md).
  experimental: { preloadEntriesOnStart: false },
  // PGlite loads its WASM Postgres from node_modules at run time; argon2 and pino are native/worker based.
  serverExternalPackages: ["@electric-sql/pglite", "@electric-sql/pglite-pgvector", "argon2", "pino", "sharp"],
  // A visitor's load of the front page, a storefront or a product (its copy without script) or of /login
  // (its copy with the Pages Router's lighter client): pages/visitor.
  async rewrites() {
    return { beforeFiles: staticVisitorRewrites(), afterFiles: [], fallback: [] };
  },
  async redirects() {
    return staticPagesRedirects();
  },
  async headers() {
    return [
      { source: "/:path((?!embed/).*)", headers: securityHeaders },
      // Pages get theirs, with a nonce, from proxy.ts; the API's is fixed.
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: API_CONTENT_SECURITY_POLICY }] },
      // The widget's iframe: its CSP frame-ancestors (proxy.ts) names the pages that may frame it.
      { source: "/embed/:path*", headers: securityHeaders.filter((header) => header.key !== "X-Frame-Options") },
    ];
  },
};

export default nextConfig;

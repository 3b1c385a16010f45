import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// Next types these as possibly null because of the Pages Router's pages (pages/visitor); the app's
// components run under the App Router and read them through hooks/use-app-route.ts.
const appRouteHooks = {
  name: "next/navigation",
  importNames: ["usePathname", "useSearchParams", "useParams"],
  message: "Use useAppPathname, useAppSearchParams or useAppParams from @/hooks/use-app-route.",
};

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [".next/**", ".data/**", "node_modules/**", "test-results/**", "playwright-report/**", "next-env.d.ts", "db/migrations/**"],
  },
  {
    files: ["**/*.{ts,tsx}"],
    ignores: ["hooks/use-app-route.ts"],
    rules: { "no-restricted-imports": ["error", { paths: [appRouteHooks] }] },
  },
  {
    // A visitor's public page loads the client code of every "use client" module its server code
    // imports, used or not: through the UI barrel that is the dialogs, the toaster and axios.
    files: ["app/(site)/**", "pages/**", "app/not-found.tsx", "components/shop/**", "components/layout/{site-shell,nav-parts,main-content,visitor-links,static-page,static-page-head}.tsx"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            appRouteHooks,
            { name: "@/components/ui", message: "Import the one component's file (@/components/ui/button, …): the barrel brings every UI client module onto the public pages." },
          ],
        },
      ],
    },
  },
];

export default config;

import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [".next/**", ".data/**", "node_modules/**", "test-results/**", "playwright-report/**", "next-env.d.ts", "db/migrations/**"],
  },
  {
    // A visitor's public page loads the client code of every "use client" module its server code
    // imports, used or not: through the UI barrel that is the dialogs, the toaster and axios.
    files: ["app/(site)/**", "app/not-found.tsx", "components/shop/**", "components/layout/{site-shell,nav-parts,main-content}.tsx"],
    rules: {
      "no-restricted-imports": [
        "error",
        { paths: [{ name: "@/components/ui", message: "Import the one component's file (@/components/ui/button, …): the barrel brings every UI client module onto the public pages." }] },
      ],
    },
  },
];

export default config;

import type { AppProps } from "next/app";
import "../app/globals.css";

/** The visitor's public pages (pages/visitor): the app's stylesheet, nothing else. */
export default function VisitorApp({ Component, pageProps }: AppProps) {
  return <Component {...pageProps} />;
}

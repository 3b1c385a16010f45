import Document, { Head, Html, Main, NextScript, type DocumentContext, type DocumentInitialProps } from "next/document";

type Props = DocumentInitialProps & { nonce?: string };

/** The same document as app/layout.tsx's: language, colours and the "Skip to content" link. */
export default class VisitorDocument extends Document<Props> {
  // The page's scripts (the sign-in form's) carry the nonce proxy.ts put in this response's CSP; the
  // App Router stamps it itself, the Pages Router only when the document hands it over.
  static async getInitialProps(context: DocumentContext): Promise<Props> {
    const initial = await Document.getInitialProps(context);
    const nonce = context.req?.headers["x-nonce"];
    return { ...initial, nonce: typeof nonce === "string" ? nonce : undefined };
  }

  render() {
    const { nonce } = this.props;
    return (
      <Html lang="en">
        <Head nonce={nonce} />
        <body className="min-h-screen bg-gray-50 text-gray-900 antialiased dark:bg-gray-950 dark:text-gray-100">
          <a
            href="#main"
            className="sr-only focus:not-sr-only focus:fixed focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-indigo-700"
          >
            Skip to content
          </a>
          <Main />
          <NextScript nonce={nonce} />
        </body>
      </Html>
    );
  }
}

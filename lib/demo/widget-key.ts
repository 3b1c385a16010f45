/**
 * The demo business's publishable key, fixed so the widget demo page (/widget-demo) works straight
 * after `npm run dev`. It only opens the widget from the origins below (and the app's own address), and it is public by design:
 * a publishable key is written into every page that embeds the widget.
 */
export const DEMO_PUBLISHABLE_KEY = "pk_Mgj4OclbFtKsOw6WCyY61_DnvTsbC9XwPHmqNN_GUok";

/** Where `npm run dev` serves the demo page. */
export const DEMO_WIDGET_ORIGINS = ["http://localhost:3000", "http://127.0.0.1:3000"];

/** The origins the demo key allows: where `npm run dev` serves the page, and the app's own (`appOrigin`) when it is elsewhere. */
export function demoWidgetOrigins(appOrigin: string): string[] {
  return [...new Set([...DEMO_WIDGET_ORIGINS, appOrigin])];
}

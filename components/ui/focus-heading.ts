/**
 * Focuses the page's heading (the `<h1>` in `#main`), where a screen reader starts on a page that
 * loads: after a client-side navigation, and after a dialog whose opener is gone (its row deleted).
 * False when the page has no heading yet.
 */
export function focusPageHeading(): boolean {
  const heading = document.getElementById("main")?.querySelector<HTMLElement>("h1");
  if (!heading) return false;
  if (!heading.hasAttribute("tabindex")) heading.setAttribute("tabindex", "-1");
  heading.focus();
  return true;
}

import { useNavigate } from "@remix-run/react";
import type { MouseEvent } from "react";

/**
 * One click handler for the many links of a list (the course home's item links). Each row renders
 * a plain `<a href data-discover>`, which works without JavaScript and which Remix's route
 * discovery finds like a `<Link>`'s; with JavaScript, the list's `onClick` turns a plain left
 * click on a same-origin link into a client-side navigation, as `<Link>` does. A `<Link>` resolves
 * its path and subscribes to the router on its own: dozens of them were a measurable part of the
 * course home's server time (docs/decisions.md). Clicks with a modifier key, on links with a
 * target or a download, or already handled, are left to the browser.
 */
export function useListNavigate() {
  const navigate = useNavigate();
  return (event: MouseEvent<HTMLElement>) => {
    const to = clientNavigationOf(event.nativeEvent, window.location.origin);
    if (!to) return;
    event.preventDefault();
    navigate(to);
  };
}

type ClickLike = Pick<globalThis.MouseEvent, "button" | "metaKey" | "altKey" | "ctrlKey" | "shiftKey" | "defaultPrevented" | "target">;

/** The path a click should navigate to on the client, or null when the browser should handle it. */
export function clientNavigationOf(event: ClickLike, origin: string): string | null {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.altKey || event.ctrlKey || event.shiftKey) return null;
  const target = event.target as Element | null;
  const anchor = target && typeof target.closest === "function" ? target.closest("a") : null;
  if (!anchor || !anchor.hasAttribute("href") || anchor.hasAttribute("download")) return null;
  const frame = anchor.getAttribute("target");
  if (frame && frame !== "_self") return null;
  const url = new URL(anchor.getAttribute("href")!, origin);
  if (url.origin !== origin) return null;
  return `${url.pathname}${url.search}${url.hash}`;
}

import { useNavigate } from "@remix-run/react";
import type { MouseEvent } from "react";

/**
 * One click handler for a group of links: the course home's item rows and "Continue", the
 * course tabs, the module pager. Each link is a plain `<a href data-discover>`, which works
 * without JavaScript and which Remix's route discovery finds like a `<Link>`'s; with JavaScript,
 * the group's `onClick` turns a plain left click on a same-origin link into a client-side
 * navigation, as `<Link>` does (replacing the history entry when the link is the page itself). A
 * `<Link>` resolves its path three times over and subscribes to the router on its own: ten of them
 * were ~10 % of a course home's server time (docs/decisions.md). Clicks with a modifier key, on
 * links with a target or a download, or already handled, are left to the browser.
 */
export function useListNavigate() {
  const navigate = useNavigate();
  return (event: MouseEvent<HTMLElement>) => {
    const to = clientNavigationOf(event.nativeEvent, window.location.href);
    if (!to) return;
    event.preventDefault();
    const { pathname, search, hash } = window.location;
    navigate(to, { replace: to === `${pathname}${search}${hash}` });
  };
}

type ClickLike = Pick<globalThis.MouseEvent, "button" | "metaKey" | "altKey" | "ctrlKey" | "shiftKey" | "defaultPrevented" | "target">;

/**
 * The path a click should navigate to on the client, or null when the browser should handle it.
 * `page` is the current page's URL: a relative href ("?modules=2") is resolved against it.
 */
export function clientNavigationOf(event: ClickLike, page: string): string | null {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.altKey || event.ctrlKey || event.shiftKey) return null;
  const target = event.target as Element | null;
  const anchor = target && typeof target.closest === "function" ? target.closest("a") : null;
  if (!anchor || !anchor.hasAttribute("href") || anchor.hasAttribute("download")) return null;
  const frame = anchor.getAttribute("target");
  if (frame && frame !== "_self") return null;
  const base = new URL(page);
  const url = new URL(anchor.getAttribute("href")!, base);
  if (url.origin !== base.origin) return null;
  return `${url.pathname}${url.search}${url.hash}`;
}

import type { ButtonHTMLAttributes } from "react";

type Variant = "primary" | "secondary" | "danger" | "ghost";

/**
 * The look lives in app/tailwind.css (`.btn`, `.btn-<variant>` in the components layer), so a
 * button's markup carries two short class names instead of ~170 characters of utilities (a thread
 * page has three buttons a post), and utilities passed as `extra` (`px-2 py-1`, `text-red-700`)
 * reliably win over the defaults: as two utilities of one property, `px-2` against `px-4` was
 * decided by their order in the stylesheet, and lost.
 */
export function buttonClass(variant: Variant = "primary", extra = "") {
  return extra ? `btn btn-${variant} ${extra}` : `btn btn-${variant}`;
}

export function Button({ variant = "primary", className = "", ...props }: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant }) {
  return <button type="submit" className={buttonClass(variant, className)} {...props} />;
}

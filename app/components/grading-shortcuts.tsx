import { useNavigate } from "@remix-run/react";
import { useEffect } from "react";

const typing = (el: EventTarget | null) =>
  el instanceof HTMLElement && (el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName));

/** j / Alt+→ next learner, k / Alt+← previous; ignored while typing in a field so text entry is never hijacked. */
export function GradingShortcuts({ prev, next }: { prev: string | null; next: string | null }) {
  const navigate = useNavigate();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (typing(e.target) || e.ctrlKey || e.metaKey) return;
      const forward = (e.key === "j" && !e.altKey) || (e.altKey && e.key === "ArrowRight");
      const back = (e.key === "k" && !e.altKey) || (e.altKey && e.key === "ArrowLeft");
      if (forward && next) {
        e.preventDefault();
        navigate(next);
      } else if (back && prev) {
        e.preventDefault();
        navigate(prev);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [navigate, prev, next]);
  return (
    <p className="text-sm text-slate-600">
      Shortcuts (outside text fields): <kbd>j</kbd> or <kbd>Alt</kbd>+<kbd>→</kbd> next student, <kbd>k</kbd> or <kbd>Alt</kbd>+<kbd>←</kbd> previous.
    </p>
  );
}

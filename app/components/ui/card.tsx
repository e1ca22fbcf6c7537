import type { HTMLAttributes, ReactNode } from "react";

/** A panel; pass aria-labelledby (the id of its heading) to make it a named region. */
export function Card({ children, className = "", ...rest }: HTMLAttributes<HTMLElement> & { children: ReactNode }) {
  return (
    <section className={className ? `card ${className}` : "card"} {...rest}>
      {children}
    </section>
  );
}

export function PageHeader({ title, subtitle, actions }: { title: string; subtitle?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="mb-6 flex flex-wrap items-end justify-between gap-4">
      <div>
        <h1 className="text-2xl font-bold tracking-tight text-slate-900 sm:text-3xl">{title}</h1>
        {subtitle ? <p className="mt-1 text-slate-600">{subtitle}</p> : null}
      </div>
      {actions ? <div className="flex gap-2">{actions}</div> : null}
    </div>
  );
}

import { forwardRef, useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from "react";

const inputClass =
  "mt-1 block w-full rounded-md border border-slate-400 bg-white px-3 py-2 text-slate-900 shadow-sm focus:border-brand-600 aria-[invalid=true]:border-red-700";

type Common = { label: string; name: string; errors?: string[]; hint?: ReactNode };

function FieldShell({ id, label, errors, hint, children }: { id: string; label: string; errors?: string[]; hint?: ReactNode; children: ReactNode }) {
  return (
    <div className="mb-4">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {children}
      {hint ? (
        <p id={`${id}-hint`} className="mt-1 text-sm text-slate-600">
          {hint}
        </p>
      ) : null}
      {errors?.length ? (
        <p id={`${id}-error`} className="mt-1 text-sm font-medium text-red-700">
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

function describedBy(id: string, errors?: string[], hint?: ReactNode) {
  return [hint ? `${id}-hint` : null, errors?.length ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
}

/** A labelled input with its hint and error text wired for screen readers. */
export function Field({ label, name, errors, hint, ...props }: Common & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  return (
    <FieldShell id={id} label={label} errors={errors} hint={hint}>
      <input id={id} name={name} className={inputClass} aria-invalid={errors?.length ? true : undefined} aria-describedby={describedBy(id, errors, hint)} {...props} />
    </FieldShell>
  );
}

export const TextAreaField = forwardRef<HTMLTextAreaElement, Common & TextareaHTMLAttributes<HTMLTextAreaElement>>(function TextAreaField(
  { label, name, errors, hint, ...props },
  ref,
) {
  const id = useId();
  return (
    <FieldShell id={id} label={label} errors={errors} hint={hint}>
      <textarea ref={ref} id={id} name={name} className={inputClass} aria-invalid={errors?.length ? true : undefined} aria-describedby={describedBy(id, errors, hint)} {...props} />
    </FieldShell>
  );
});

export const SelectField = forwardRef<HTMLSelectElement, Common & SelectHTMLAttributes<HTMLSelectElement>>(function SelectField(
  { label, name, errors, hint, children, ...props },
  ref,
) {
  const id = useId();
  return (
    <FieldShell id={id} label={label} errors={errors} hint={hint}>
      <select ref={ref} id={id} name={name} className={inputClass} aria-invalid={errors?.length ? true : undefined} aria-describedby={describedBy(id, errors, hint)} {...props}>
        {children}
      </select>
    </FieldShell>
  );
});

export function CheckboxField({ label, name, hint, ...props }: Omit<Common, "errors"> & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  return (
    <div className="mb-4 flex items-start gap-3">
      <input id={id} type="checkbox" name={name} className="mt-1 h-4 w-4 rounded border-slate-400" aria-describedby={hint ? `${id}-hint` : undefined} {...props} />
      <div>
        <label htmlFor={id} className="text-sm font-medium text-slate-800">
          {label}
        </label>
        {hint ? (
          <p id={`${id}-hint`} className="text-sm text-slate-600">
            {hint}
          </p>
        ) : null}
      </div>
    </div>
  );
}

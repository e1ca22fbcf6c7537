import { useEffect, useRef } from "react";
import { listTimeZones } from "~/lib/time";
import { SelectField } from "./ui/field";

/**
 * IANA zone picker. With no saved value it pre-selects the browser's zone
 * once the page is interactive; the person can change it.
 */
export function TimeZoneSelect({ defaultValue, errors, label = "Time zone" }: { defaultValue?: string; errors?: string[]; label?: string }) {
  const ref = useRef<HTMLSelectElement>(null);
  useEffect(() => {
    const detected = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!defaultValue && detected && ref.current && [...ref.current.options].some((o) => o.value === detected)) {
      ref.current.value = detected;
    }
  }, [defaultValue]);
  const zones = listTimeZones();
  const initial = defaultValue ?? "UTC";
  return (
    <SelectField
      ref={ref}
      label={label}
      name="timeZone"
      defaultValue={initial}
      errors={errors}
      hint="Every date and deadline is shown to you in this time zone."
    >
      {(zones.includes(initial) ? zones : [initial, ...zones]).map((z) => (
        <option key={z} value={z}>
          {z.replaceAll("_", " ")}
        </option>
      ))}
    </SelectField>
  );
}

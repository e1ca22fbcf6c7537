import { useState } from "react";
import type { LatePolicy } from "~/domain/late-policy";
import type { FieldErrors } from "~/lib/errors";
import { Field, SelectField } from "./ui/field";

/** Late policy: none, percent per hour/day (rounding, floor, grace) or a fixed deduction. */
export function LatePolicyFields({ value, errors }: { value: LatePolicy; errors: FieldErrors }) {
  const [type, setType] = useState(value.type);
  const pct = value.type === "PERCENT" ? value : null;
  return (
    <fieldset className="mb-4 rounded-lg border border-slate-200 p-4">
      <legend className="px-1 text-sm font-semibold text-slate-800">Late work</legend>
      <SelectField label="Late policy" name="latePolicyType" value={type} onChange={(e) => setType(e.target.value as LatePolicy["type"])} errors={errors.latePolicyType}>
        <option value="NONE">No penalty</option>
        <option value="PERCENT">Deduct a percentage per hour or day late</option>
        <option value="FIXED">Deduct a fixed number of points</option>
      </SelectField>
      {type === "PERCENT" ? (
        <div className="grid gap-x-4 sm:grid-cols-2">
          <Field label="Percent of points deducted" name="latePercent" type="number" step="0.1" min={0} max={100} defaultValue={pct?.percent ?? 10} errors={errors.latePercent} />
          <SelectField label="Per" name="latePer" defaultValue={pct?.per ?? "DAY"}>
            <option value="DAY">day late</option>
            <option value="HOUR">hour late</option>
          </SelectField>
          <SelectField label="A part of a day or hour counts as" name="lateRounding" defaultValue={pct?.rounding ?? "UP"}>
            <option value="UP">a whole one (round up)</option>
            <option value="DOWN">nothing (round down)</option>
            <option value="NEAREST">the nearest whole one</option>
            <option value="EXACT">its exact fraction</option>
          </SelectField>
          <Field label="Lowest possible grade (% of points)" name="lateFloor" type="number" min={0} max={100} defaultValue={pct?.floorPercent ?? ""} errors={errors.lateFloor} />
        </div>
      ) : null}
      {type === "FIXED" ? (
        <Field label="Points deducted when late" name="lateFixedPoints" type="number" min={0} defaultValue={value.type === "FIXED" ? value.points : 5} errors={errors.lateFixedPoints} />
      ) : null}
      {type !== "NONE" ? (
        <Field
          label="Grace period (minutes)"
          name="lateGraceMinutes"
          type="number"
          min={0}
          defaultValue={value.type !== "NONE" ? (value.graceMinutes ?? "") : ""}
          hint="Work handed in within the grace period is not penalised."
          errors={errors.lateGraceMinutes}
        />
      ) : null}
    </fieldset>
  );
}

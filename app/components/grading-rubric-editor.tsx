import { Form } from "@remix-run/react";
import { useState } from "react";
import { Button } from "./ui/button";
import { Field } from "./ui/field";

type Rubric = { title: string; criteria: { title: string; description?: string; points: number; ratings: { title: string; points: number }[] }[] } | null;

const RATING_ROWS = 4;

/** Criteria with rating levels as plain indexed fields (works without JavaScript); "Add criterion" adds a blank one. */
export function GradingRubricEditor({ rubric }: { rubric: Rubric }) {
  const initial = rubric?.criteria.length ? rubric.criteria : [];
  const [count, setCount] = useState(Math.max(1, initial.length + (initial.length ? 0 : 1)));
  return (
    <Form method="post" noValidate>
      <Field label="Rubric title" name="title" defaultValue={rubric?.title ?? ""} />
      {Array.from({ length: count }, (_, i) => {
        const c = initial[i];
        return (
          <fieldset key={i} className="mb-4 rounded border border-slate-200 p-3">
            <legend className="px-1 font-semibold">Criterion {i + 1}</legend>
            <div className="grid gap-x-4 sm:grid-cols-3">
              <div className="sm:col-span-2">
                <Field label={`Criterion ${i + 1} title`} name={`c${i}.title`} defaultValue={c?.title ?? ""} />
              </div>
              <Field label={`Criterion ${i + 1} points`} name={`c${i}.points`} type="number" step="0.5" min={0} defaultValue={c?.points ?? ""} hint="Empty: the best rating." />
            </div>
            <Field label={`Criterion ${i + 1} description`} name={`c${i}.description`} defaultValue={c?.description ?? ""} />
            <div className="grid gap-x-4 sm:grid-cols-2">
              {Array.from({ length: Math.max(RATING_ROWS, c?.ratings.length ?? 0) }, (_, j) => (
                <div key={j} className="grid grid-cols-3 gap-x-2">
                  <div className="col-span-2">
                    <Field label={`Criterion ${i + 1}, rating ${j + 1}`} name={`c${i}.r${j}.title`} defaultValue={c?.ratings[j]?.title ?? ""} />
                  </div>
                  <Field label={`Rating ${j + 1} points`} name={`c${i}.r${j}.points`} type="number" step="0.5" min={0} defaultValue={c?.ratings[j]?.points ?? ""} />
                </div>
              ))}
            </div>
          </fieldset>
        );
      })}
      <div className="flex gap-2">
        <Button type="button" variant="secondary" onClick={() => setCount((n) => n + 1)}>
          Add criterion
        </Button>
        <Button>Save rubric</Button>
      </div>
    </Form>
  );
}

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { DateRuleFields } from "~/components/date-rule-fields";
import { FormMessage, useFormErrors } from "~/components/form-errors";
import { StateBadge } from "~/components/schedule-view";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { SelectField } from "~/components/ui/field";
import { handleAction, handleLoader, parseInput, readForm } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { formatDateTime } from "~/lib/time";
import { ruleToForm } from "~/services/date-rules";
import { deleteOverride, listOverrides, overrideTargetSchema, parseOverrideForm, previewLearnerDates, saveOverride } from "~/services/overrides.server";
import { describeRule } from "~/domain/rule-text";

export const meta: MetaFunction = () => [{ title: "Dates and overrides · Coursework" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return handleLoader(async () => {
    const id = params.assignmentId ?? "";
    const data = await listOverrides(user, id);
    const preview = await previewLearnerDates(user, id, new Date());
    const zone = data.access.course.timeZone;
    return {
      course: data.access.course,
      assignment: { id: data.assignment.id, title: data.assignment.title },
      canEdit: data.access.role === "INSTRUCTOR" || user.isAdmin,
      overrides: data.overrides.map((o) => ({
        id: o.id,
        who: o.scope === "SECTION" ? `Section ${o.section?.name}` : o.enrollment?.user.displayName,
        text: (["openAt", "dueAt", "closeAt"] as const)
          .filter((f) => o.dates[f] !== undefined)
          .map((f) => `${{ openAt: "Opens", dueAt: "Due", closeAt: "Closes" }[f]} ${describeRule(o.dates[f], { courseTimeZone: zone })}`)
          .join(" · "),
      })),
      sections: data.sections,
      students: data.students,
      preview,
      viewerZone: user.timeZone,
      blank: ruleToForm(undefined, zone),
    };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return handleAction(async () => {
    const user = await requireUser(request);
    const id = params.assignmentId ?? "";
    const values = await readForm(request);
    if (new URL(request.url).searchParams.get("intent") === "delete") {
      await deleteOverride(user, parseInput(z.object({ overrideId: z.string().min(1) }), values).overrideId);
      return { ok: true as const };
    }
    const { assignment, access } = await listOverrides(user, id);
    const { target } = parseInput(overrideTargetSchema, values);
    await saveOverride(user, id, target, parseOverrideForm(values, assignment.rules, access.course.timeZone));
    return { ok: true as const };
  });
}

export default function Dates() {
  const { course, assignment, canEdit, overrides, sections, students, preview, viewerZone, blank } = useLoaderData<typeof loader>();
  const { message, fieldErrors } = useFormErrors();
  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link to={`/courses/${course.slug}/assignments/${assignment.id}`}>Back to {assignment.title}</Link>
      </p>
      <h1 className="text-xl font-semibold">Dates and overrides: {assignment.title}</h1>
      <FormMessage message={message} />
      <div className="grid gap-6 lg:grid-cols-2">
        {canEdit ? (
          <Card>
            <h2 className="mb-3 text-lg font-semibold">Set different dates</h2>
            <Form method="post" noValidate>
              <SelectField label="For" name="target" errors={fieldErrors.target ?? fieldErrors.form}>
                <optgroup label="Sections">
                  {sections.map((s) => (
                    <option key={s.id} value={`section:${s.id}`}>
                      Section {s.name}
                    </option>
                  ))}
                </optgroup>
                <optgroup label="Students">
                  {students.map((s) => (
                    <option key={s.id} value={`learner:${s.id}`}>
                      {s.user.displayName}
                    </option>
                  ))}
                </optgroup>
              </SelectField>
              <DateRuleFields prefix="open" value={blank} errors={fieldErrors} courseZone={course.timeZone} allowInherit />
              <DateRuleFields prefix="due" value={blank} errors={fieldErrors} courseZone={course.timeZone} allowInherit />
              <DateRuleFields prefix="close" value={blank} errors={fieldErrors} courseZone={course.timeZone} allowInherit />
              <Button>Save override</Button>
            </Form>
          </Card>
        ) : null}
        <Card>
          <h2 className="mb-3 text-lg font-semibold">Overrides</h2>
          {overrides.length === 0 ? <p className="text-sm text-slate-700">Everyone has the usual dates.</p> : null}
          <ul className="space-y-2">
            {overrides.map((o) => (
              <li key={o.id} className="flex items-start justify-between gap-2 rounded border border-slate-200 p-3 text-sm">
                <div>
                  <p className="font-medium">{o.who}</p>
                  <p className="text-slate-700">{o.text}</p>
                </div>
                {canEdit ? (
                  <Form method="post" action="?intent=delete">
                    <input type="hidden" name="overrideId" value={o.id} />
                    <Button variant="ghost" className="px-2 py-1 text-red-700" aria-label={`Remove override for ${o.who}`}>
                      Remove
                    </Button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        </Card>
      </div>
      <Card>
        <h2 className="mb-3 text-lg font-semibold">Dates each student sees</h2>
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Resolved dates per student</caption>
            <thead className="border-b border-slate-200 text-slate-600">
              <tr>
                <th scope="col" className="py-2 pr-3">Student</th>
                <th scope="col" className="py-2 pr-3">Section</th>
                <th scope="col" className="py-2 pr-3">Due (your time)</th>
                <th scope="col" className="py-2 pr-3">Due (their time)</th>
                <th scope="col" className="py-2 pr-3">Closes (your time)</th>
                <th scope="col" className="py-2">State</th>
              </tr>
            </thead>
            <tbody>
              {preview.map((p) => (
                <tr key={p.enrollmentId} className="border-b border-slate-100">
                  <td className="py-2 pr-3 font-medium">{p.name}</td>
                  <td className="py-2 pr-3">{p.section ?? "—"}</td>
                  <td className="py-2 pr-3">{p.schedule.dueAt ? formatDateTime(p.schedule.dueAt, viewerZone) : "No due date"}</td>
                  <td className="py-2 pr-3">{p.schedule.dueAt ? formatDateTime(p.schedule.dueAt, p.timeZone) : "—"}</td>
                  <td className="py-2 pr-3">{p.schedule.closeAt ? formatDateTime(p.schedule.closeAt, viewerZone) : "No limit"}</td>
                  <td className="py-2">
                    <StateBadge state={p.schedule.state} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
    </div>
  );
}

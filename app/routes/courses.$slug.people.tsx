import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FormMessage, useFormErrors } from "~/components/form-errors";
import { CsvFileInput } from "~/components/csv-file-input";
import { RosterReport } from "~/components/roster-report";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { Field, SelectField, TextAreaField } from "~/components/ui/field";
import { handleAction, handleLoader, parseForm, parseInput } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { formatDate } from "~/lib/time";
import {
  addPerson,
  addPersonSchema,
  changeRole,
  changeRoleSchema,
  listPeople,
  moveSection,
  moveSectionSchema,
  peopleQuerySchema,
  removePerson,
  removePersonSchema,
} from "~/services/people.server";
import { loadCourseAccess } from "~/services/permissions.server";
import { importRoster, rosterSchema } from "~/services/roster.server";
import { listSections } from "~/services/sections.server";

export const meta: MetaFunction = () => [{ title: "People · Coursework" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return handleLoader(async () => {
    const { course, role } = await loadCourseAccess(user, { slug: params.slug });
    const query = parseInput(peopleQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
    const [people, sections] = await Promise.all([listPeople(user, course.id, query), listSections(user, course.id)]);
    return { course, people, sections, canManage: role === "INSTRUCTOR" || user.isAdmin, viewerZone: user.timeZone, query };
  });
}

const INTENTS = {
  add: { schema: addPersonSchema, run: addPerson },
  role: { schema: changeRoleSchema, run: changeRole },
  move: { schema: moveSectionSchema, run: moveSection },
  remove: { schema: removePersonSchema, run: removePerson },
} as const;

export async function action({ request, params }: ActionFunctionArgs) {
  return handleAction(async () => {
    const user = await requireUser(request);
    const { course } = await loadCourseAccess(user, { slug: params.slug });
    const intent = new URL(request.url).searchParams.get("intent") ?? "add";
    const now = new Date();
    if (intent === "roster") {
      const input = await parseForm(request, rosterSchema);
      return { ok: true as const, roster: await importRoster(user, course.id, input, now) };
    }
    const handler = INTENTS[intent as keyof typeof INTENTS];
    if (!handler) return { ok: true as const };
    const input = await parseForm(request, handler.schema);
    await (handler.run as (a: typeof user, c: string, i: unknown, n: Date) => Promise<unknown>)(user, course.id, input, now);
    return { ok: true as const, done: intent };
  });
}

const ROLES = [
  ["STUDENT", "Student"],
  ["TA", "Teaching assistant"],
  ["INSTRUCTOR", "Instructor"],
] as const;

export default function People() {
  const { people, sections, canManage, viewerZone, query } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { message, fieldErrors } = useFormErrors();
  const roster = result && "roster" in result ? result.roster : null;
  return (
    <div className="space-y-6">
      <h1 className="text-xl font-semibold">People ({people.total})</h1>
      <FormMessage message={message} />
      {result && "done" in result && result.done === "add" ? <Alert tone="success" title="Person added." /> : null}
      {roster ? <RosterReport {...roster} /> : null}
      {canManage ? (
        <div className="grid gap-6 lg:grid-cols-2">
          <Card>
            <h2 className="mb-3 text-lg font-semibold">Add a person</h2>
            <Form method="post" action="?intent=add" noValidate>
              <Field label="Email" name="email" type="email" required errors={fieldErrors.email} />
              <Field label="Name (for new accounts)" name="displayName" errors={fieldErrors.displayName} />
              <SelectField label="Role" name="role" defaultValue="STUDENT" errors={fieldErrors.role}>
                {ROLES.map(([v, l]) => (
                  <option key={v} value={v}>
                    {l}
                  </option>
                ))}
              </SelectField>
              <SelectField label="Section" name="sectionId" defaultValue="" errors={fieldErrors.sectionId}>
                <option value="">No section</option>
                {sections.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </SelectField>
              <Button>Add person</Button>
            </Form>
          </Card>
          <Card>
            <h2 className="mb-3 text-lg font-semibold">Import a roster</h2>
            <Form method="post" action="?intent=roster" noValidate>
              <TextAreaField
                label="Roster CSV"
                name="csv"
                rows={7}
                required
                errors={fieldErrors.csv}
                hint="First line: email,name,role,section. Role is student, ta or instructor; missing sections are created."
                placeholder={"email,name,role,section\nada@example.org,Ada Lovelace,student,Morning"}
              />
              <CsvFileInput targetName="csv" />
              <Button>Import roster</Button>
            </Form>
          </Card>
        </div>
      ) : null}
      <Card>
        <Form method="get" className="mb-4 flex flex-wrap items-end gap-3">
          <div className="min-w-48 flex-1">
            <Field label="Search people" name="q" defaultValue={query.q ?? ""} />
          </div>
          <div className="min-w-48">
            <SelectField label="Section" name="section" defaultValue={query.section ?? ""}>
              <option value="">All sections</option>
              <option value="none">No section</option>
              {sections.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </SelectField>
          </div>
          <div className="mb-4">
            <Button variant="secondary">Filter</Button>
          </div>
        </Form>
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">People in this course</caption>
            <thead className="border-b border-slate-200 text-slate-600">
              <tr>
                <th scope="col" className="py-2 pr-4">Name</th>
                <th scope="col" className="py-2 pr-4">Email</th>
                <th scope="col" className="py-2 pr-4">Role</th>
                <th scope="col" className="py-2 pr-4">Section</th>
                <th scope="col" className="py-2 pr-4">Started</th>
                {canManage ? <th scope="col" className="py-2">Actions</th> : null}
              </tr>
            </thead>
            <tbody>
              {people.rows.map((p) => (
                <tr key={p.id} className="border-b border-slate-100 align-top">
                  <td className="py-2 pr-4 font-medium">{p.user.displayName}</td>
                  <td className="py-2 pr-4">{p.user.email}</td>
                  <td className="py-2 pr-4">
                    {canManage ? (
                      <Form method="post" action="?intent=role" className="flex gap-1">
                        <input type="hidden" name="enrollmentId" value={p.id} />
                        <label className="sr-only" htmlFor={`role-${p.id}`}>Role of {p.user.displayName}</label>
                        <select id={`role-${p.id}`} name="role" defaultValue={p.role} className="rounded border border-slate-400 px-1 py-1">
                          {ROLES.map(([v, l]) => (
                            <option key={v} value={v}>{l}</option>
                          ))}
                        </select>
                        <Button variant="ghost" className="px-2 py-1" aria-label={`Save role of ${p.user.displayName}`}>Save</Button>
                      </Form>
                    ) : (
                      p.role
                    )}
                  </td>
                  <td className="py-2 pr-4">
                    {canManage ? (
                      <Form method="post" action="?intent=move" className="flex gap-1">
                        <input type="hidden" name="enrollmentId" value={p.id} />
                        <label className="sr-only" htmlFor={`section-${p.id}`}>Section of {p.user.displayName}</label>
                        <select id={`section-${p.id}`} name="sectionId" defaultValue={p.sectionId ?? ""} className="rounded border border-slate-400 px-1 py-1">
                          <option value="">No section</option>
                          {sections.map((s) => (
                            <option key={s.id} value={s.id}>{s.name}</option>
                          ))}
                        </select>
                        <Button variant="ghost" className="px-2 py-1" aria-label={`Move ${p.user.displayName}`}>Move</Button>
                      </Form>
                    ) : (
                      (p.section?.name ?? "—")
                    )}
                  </td>
                  <td className="py-2 pr-4">{formatDate(p.startedAt, viewerZone)}</td>
                  {canManage ? (
                    <td className="py-2">
                      <Form method="post" action="?intent=remove">
                        <input type="hidden" name="enrollmentId" value={p.id} />
                        <Button variant="ghost" className="px-2 py-1 text-red-700" aria-label={`Remove ${p.user.displayName} from the course`}>
                          Remove
                        </Button>
                      </Form>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {people.pageCount > 1 ? (
          <nav aria-label="Pages" className="mt-4 flex items-center gap-4 text-sm">
            {people.page > 1 ? <Link to={`?page=${people.page - 1}`}>Previous page</Link> : null}
            <span>
              Page {people.page} of {people.pageCount}
            </span>
            {people.page < people.pageCount ? <Link to={`?page=${people.page + 1}`}>Next page</Link> : null}
          </nav>
        ) : null}
      </Card>
    </div>
  );
}

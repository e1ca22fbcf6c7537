import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { DiscussionSettingsFields } from "~/components/discussion-settings-form";
import { DiscussionTopicList } from "~/components/discussion-topic-list";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormMessage } from "~/components/form-errors";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { Field, SelectField, TextAreaField } from "~/components/ui/field";
import { handleAction, handleLoader, parseInput, readForm } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { digestSettingsSchema, getDigestFrequency, setDigestFrequency } from "~/services/digests.server";
import { searchDiscussions, searchSchema } from "~/services/discussion-search.server";
import { createDiscussion, discussionSettingsSchema, forumQuerySchema, listDiscussions, newDiscussionSchema } from "~/services/discussions.server";
import { gradingFormOptions } from "~/services/discussion-grading-view.server";
import { canChangeGrading } from "~/services/discussion-grading.server";

export const meta: MetaFunction = () => [{ title: "Discussions · Coursework" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return handleLoader(async () => {
    const query = parseInput(forumQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
    const now = new Date();
    const forum = await listDiscussions(user, { slug: params.slug }, query, now);
    const results = query.q ? await searchDiscussions(user, { slug: params.slug }, parseInput(searchSchema, { q: query.q }), now) : null;
    const frequency = await getDigestFrequency(user, forum.course.id);
    const grading = forum.isStaff && canChangeGrading(user, forum.role) ? await gradingFormOptions(forum.course.id, forum.course.timeZone, { assignmentId: null, replyByRule: null }) : null;
    return { ...forum, results, q: query.q ?? "", item: query.item ?? null, frequency, grading, zone: user.timeZone };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return handleAction(async () => {
    const user = await requireUser(request);
    const form = await readForm(request);
    const ref = { slug: params.slug };
    if (form.intent === "digest") {
      await setDigestFrequency(user, ref, parseInput(digestSettingsSchema, form));
      return { ok: true as const, message: "Email settings saved." };
    }
    const input = { ...parseInput(newDiscussionSchema, form), ...parseInput(discussionSettingsSchema, form) };
    const created = await createDiscussion(user, ref, input, new Date());
    return redirect(`/courses/${params.slug}/discussions/${created.id}`);
  });
}

export default function Discussions() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as { ok: boolean; message?: string; fieldErrors?: Record<string, string[]> } | undefined;
  const failed = result && !result.ok ? result : null;
  return (
    <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
      <div>
        <div className="flex flex-wrap items-end justify-between gap-3">
          <h1 className="text-2xl font-bold text-slate-900">{data.item ? "Discussions about this item" : "Discussions"}</h1>
          {data.isStaff ? <Link to={`/courses/${data.course.slug}/discussions/reports`}>Reported posts</Link> : null}
        </div>
        <Form method="get" role="search" className="mt-4 flex items-end gap-2">
          <div className="grow">
            <Field label="Search discussions" name="q" type="search" defaultValue={data.q} minLength={2} maxLength={200} />
          </div>
          <Button variant="secondary" className="mb-4">
            Search
          </Button>
        </Form>
        {data.results ? (
          <section aria-labelledby="results-title" className="mb-6">
            <h2 id="results-title" className="text-lg font-semibold">
              {data.results.length === 0 ? `No results for “${data.q}”` : `Results for “${data.q}”`}
            </h2>
            <ul className="mt-2 space-y-2">
              {data.results.map((r) => (
                <li key={`${r.discussionId}:${r.postId ?? "topic"}`} className="rounded-md border border-slate-200 bg-white p-3">
                  <Link to={`/courses/${data.course.slug}/discussions/${r.discussionId}${r.postId ? `#post-${r.postId}` : ""}`}>{r.title}</Link>
                  {r.author ? <span className="ml-2 text-sm text-slate-600">{r.author}</span> : null}
                  {/* snippetHtml is escaped on the server, then only <mark> is added. */}
                  <p className="mt-1 text-sm text-slate-800" dangerouslySetInnerHTML={{ __html: r.snippetHtml }} />
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        <DiscussionTopicList slug={data.course.slug} topics={data.topics} zone={data.zone} />
        {data.next ? (
          <nav aria-label="Topic pages" className="mt-4 flex gap-3 text-sm">
            <Link to=".">First page</Link>
            <Link to={`?after=${data.next}`}>More topics</Link>
          </nav>
        ) : null}
      </div>
      <div className="space-y-6">
        <Card aria-labelledby="new-topic">
          <h2 id="new-topic" className="text-lg font-semibold">
            New topic
          </h2>
          {data.muted ? (
            <Alert tone="info" title="You have been muted in this course's discussions, so you can read but not post." />
          ) : (
            <Form method="post" className="mt-3">
              <FormMessage message={failed?.message} />
              {data.item ? <input type="hidden" name="itemId" value={data.item} /> : null}
              <Field label="Title" name="title" required maxLength={200} errors={failed?.fieldErrors?.title} />
              <SelectField label="Type" name="type" defaultValue="DISCUSSION">
                <option value="DISCUSSION">Discussion</option>
                <option value="QA">Question (Q&amp;A)</option>
              </SelectField>
              <TextAreaField label="Prompt or question (Markdown)" name="body" rows={4} errors={failed?.fieldErrors?.body} />
              {data.isStaff ? <DiscussionSettingsFields errors={failed?.fieldErrors} grading={data.grading} /> : null}
              <Button>Create topic</Button>
            </Form>
          )}
        </Card>
        <Card aria-labelledby="digest-title">
          <h2 id="digest-title" className="text-lg font-semibold">
            Email about new posts
          </h2>
          <Form method="post" className="mt-3">
            <input type="hidden" name="intent" value="digest" />
            <SelectField label="Send me new posts in threads I follow" name="frequency" defaultValue={data.frequency} key={data.frequency}>
              <option value="IMMEDIATE">Right away</option>
              <option value="DAILY">Daily digest</option>
              <option value="WEEKLY">Weekly digest</option>
              <option value="OFF">Never</option>
            </SelectField>
            {result?.ok && result.message ? <Alert tone="success" title={result.message} /> : null}
            <Button variant="secondary">Save email settings</Button>
          </Form>
        </Card>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

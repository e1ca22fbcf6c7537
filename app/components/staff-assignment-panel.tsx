import { Form, Link } from "@remix-run/react";
import { formatDateTime } from "~/lib/time";
import { buttonClass } from "./ui/button";
import { Button } from "./ui/button";
import { Card } from "./ui/card";

type Staff = {
  summary: string;
  canEdit: boolean;
  requests: {
    id: string;
    status: string;
    source: string;
    reason: string;
    requestedMinutes: number;
    grantedMinutes: number;
    createdAt: string | Date;
    enrollment: { user: { displayName: string } };
  }[];
};

export function StaffAssignmentPanel({ staff, courseSlug, assignmentId, zone, published }: { staff: Staff; courseSlug: string; assignmentId: string; zone: string; published: boolean }) {
  const pending = staff.requests.filter((r) => r.status === "PENDING");
  return (
    <>
      <Card>
        <h2 className="mb-2 text-lg font-semibold">Schedule</h2>
        <p className="text-sm text-slate-700">{staff.summary}</p>
        <p className="mt-2 text-sm text-slate-700">{published ? "Published" : "Draft: students cannot see it"}</p>
        <div className="mt-4 flex flex-wrap gap-2">
          {staff.canEdit ? (
            <Link to={`/courses/${courseSlug}/assignments/${assignmentId}/edit`} className={buttonClass("secondary", "no-underline")}>
              Edit
            </Link>
          ) : null}
          <Link to={`/courses/${courseSlug}/assignments/${assignmentId}/dates`} className={buttonClass("secondary", "no-underline")}>
            Dates and overrides
          </Link>
          <Link to={`/courses/${courseSlug}/assignments/${assignmentId}/queue`} className={buttonClass("primary", "no-underline")}>
            Grade submissions
          </Link>
          <Link to={`/courses/${courseSlug}/assignments/${assignmentId}/rubric`} className={buttonClass("secondary", "no-underline")}>
            Rubric
          </Link>
        </div>
      </Card>
      <Card>
        <h2 className="mb-2 text-lg font-semibold">Extension requests ({pending.length} waiting)</h2>
        {staff.requests.length === 0 ? <p className="text-sm text-slate-700">None yet.</p> : null}
        <ul className="space-y-3">
          {staff.requests.map((r) => (
            <li key={r.id} className="rounded border border-slate-200 p-3 text-sm">
              <p className="font-medium">
                {r.enrollment.user.displayName}: +{Math.round(r.requestedMinutes / 60)} h
              </p>
              <p className="text-slate-700">
                {r.reason} · {formatDateTime(r.createdAt, zone)}
              </p>
              {r.status === "PENDING" ? (
                <div className="mt-2 flex flex-wrap gap-2">
                  <Form method="post" action="?intent=decide">
                    <input type="hidden" name="requestId" value={r.id} />
                    <input type="hidden" name="decision" value="approve" />
                    <Button className="px-3 py-1" aria-label={`Approve ${r.enrollment.user.displayName}'s request`}>
                      Approve
                    </Button>
                  </Form>
                  <Form method="post" action="?intent=decide">
                    <input type="hidden" name="requestId" value={r.id} />
                    <input type="hidden" name="decision" value="deny" />
                    <Button variant="secondary" className="px-3 py-1" aria-label={`Deny ${r.enrollment.user.displayName}'s request`}>
                      Deny
                    </Button>
                  </Form>
                </div>
              ) : (
                <p className="mt-1 font-medium">
                  {r.status === "APPROVED" ? `Approved (+${Math.round(r.grantedMinutes / 60)} h)` : "Denied"}
                  {r.source !== "REQUEST" ? ` · ${r.source.toLowerCase()}` : ""}
                </p>
              )}
            </li>
          ))}
        </ul>
      </Card>
    </>
  );
}

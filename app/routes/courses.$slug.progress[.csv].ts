import type { LoaderFunctionArgs } from "@remix-run/node";
import { handleLoader } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { getClassProgress } from "~/services/class-progress.server";
import { loadCourseAccess } from "~/services/permissions.server";

const cell = (v: string | number) => {
  const s = String(v);
  return /[",\n]/.test(s) || /^[=+\-@]/.test(s) ? `"${s.replace(/^([=+\-@])/, "'$1").replace(/"/g, '""')}"` : s;
};

/** Class progress as CSV, one row per student (formula-injection safe). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { course, data } = await handleLoader(async () => {
    const { course } = await loadCourseAccess(user, { slug: params.slug });
    return { course, data: await getClassProgress(user, course.id, new Date(), { all: true }) };
  });
  const header = ["name", "email", "percent", "completed_at", ...data.modules.map((m) => m.title)];
  const lines = [header.map(cell).join(",")];
  for (const r of data.rows) {
    lines.push([r.name, r.email, r.percent, r.completedAt?.toISOString() ?? "", ...r.modules.map((m) => (m.complete ? "complete" : `${m.done}/${m.total}`))].map(cell).join(","));
  }
  return new Response(lines.join("\r\n") + "\r\n", {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${course.slug}-progress.csv"` },
  });
}

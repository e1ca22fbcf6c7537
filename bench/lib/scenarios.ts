/**
 * What the load benchmark requests. Add a scenario by appending to SCENARIOS:
 * a name (`{size}` becomes the data size, e.g. course-home-L), a path, the
 * account whose session cookie it sends (null = anonymous; accounts live in
 * bench/lib/sizes.ts), a text the page must contain (checked once before the
 * load, so a redirect to /login or an error page cannot pass as fast), and an
 * optional latency budget.
 */
import { BENCH_ACCOUNTS, BENCH_ICAL_TOKEN, BIG_COURSE_SLUG, type BenchAccount, type SizeName } from "./sizes.ts";

export interface Budget {
  /** Connection count the budget applies to. */
  connections: number;
  p95Ms: number;
}

export interface Scenario {
  name: string;
  path: string;
  as: BenchAccount | null;
  /** Text the 200 response must contain. */
  expect: string;
  description: string;
  budget?: Budget;
}

/** The "trivial page of the same app" every other scenario's throughput is compared with. */
export const BASELINE = "trivial";

const SCENARIOS: Scenario[] = [
  { name: BASELINE, path: "/healthz", as: null, expect: "ok", description: "GET /healthz: router + SELECT 1, no rendering" },
  {
    name: "dashboard",
    path: "/dashboard",
    as: "busy",
    expect: "Busy Student",
    description: `the dashboard of ${BENCH_ACCOUNTS.busy} (20 courses)`,
    budget: { connections: 10, p95Ms: 50 },
  },
  {
    name: "course-home-{size}",
    path: `/courses/${BIG_COURSE_SLUG}`,
    as: "bigStudent",
    expect: "You are enrolled",
    description: "the big course's home page, as one of its students",
    budget: { connections: 10, p95Ms: 50 },
  },
  {
    name: "course-home-staff-{size}",
    path: `/courses/${BIG_COURSE_SLUG}`,
    as: "bigInstructor",
    expect: "instructors",
    description: "the big course's home page, as its instructor (adds role counts)",
  },
  { name: "catalog", path: "/courses", as: null, expect: "Course catalog", description: "the public catalog (100 published courses), anonymous" },
  {
    name: "discussions-index-{size}",
    path: `/courses/${BIG_COURSE_SLUG}/discussions`,
    as: "bigStudent",
    expect: "Email about new posts",
    description: "the big course's forum index, as one of its students (topics from bench/discussions.ts when generated)",
  },
  {
    name: "whats-due",
    path: "/due",
    as: "due",
    // React escapes the apostrophe of "What's due"; an assignment title proves the list rendered.
    expect: "Deadline drill",
    description: `"What's due" of ${BENCH_ACCOUNTS.due} (10 courses x 50 assignments, mixed date rules, overrides, extensions)`,
    budget: { connections: 10, p95Ms: 50 },
  },
  {
    name: "ical-feed",
    path: `/calendar/${BENCH_ICAL_TOKEN}.ics`,
    as: null,
    // BEGIN:VEVENT rather than BEGIN:VCALENDAR: an empty calendar must not pass as a fast feed.
    expect: "BEGIN:VEVENT",
    description: `the iCal feed of ${BENCH_ACCOUNTS.due} (token in the URL, no cookie)`,
    budget: { connections: 10, p95Ms: 50 },
  },
];

export function scenariosFor(size: SizeName, only?: string[]): Scenario[] {
  const all = SCENARIOS.map((s) => ({ ...s, name: s.name.replace("{size}", size) }));
  if (!only?.length) return all;
  const picked = all.filter((s) => s.name === BASELINE || only.includes(s.name));
  const unknown = only.filter((n) => !all.some((s) => s.name === n));
  if (unknown.length) throw new Error(`Unknown scenario(s) ${unknown.join(", ")}; known: ${all.map((s) => s.name).join(", ")}`);
  return picked;
}

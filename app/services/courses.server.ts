import { z } from "zod";
import type { CourseRole, CourseStatus } from "~/generated/sqlite/enums";
import { getDb } from "~/lib/db.server";
import { withFields } from "~/lib/objects";
import { badRequest, conflict, notFound } from "~/lib/errors";
import { renderMarkdown } from "~/lib/markdown.server";
import { instantFromZoned } from "~/domain/time-zone";
import { loadCourseAccess, requireCourseRole } from "./permissions.server";
import { dateOf, queryRows } from "./raw-query.server";
import { formatMoney } from "./payments-money";
import { getPurchaseState } from "./payments-checkout.server";
import { timeZoneField, type Actor } from "./users.server";

const dateOnly = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2026-09-01.")
  .optional()
  .or(z.literal("").transform(() => undefined));

export const courseSchema = z
  .object({
    title: z.string().trim().min(3, "Give the course a title of at least 3 characters.").max(120, "Keep the title under 120 characters."),
    slug: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "Use lowercase letters, digits and single dashes, like intro-to-statistics.")
      .min(3, "The web address needs at least 3 characters.")
      .max(60, "Keep the web address under 60 characters."),
    summary: z.string().max(20_000, "Keep the summary under 20,000 characters.").default(""),
    timeZone: timeZoneField,
    status: z.enum(["DRAFT", "PUBLISHED"], { error: "Choose draft or published." }).default("DRAFT"),
    selfEnrollment: z
      .union([z.literal("on"), z.literal("true"), z.literal(""), z.boolean()])
      .optional()
      .transform((v) => v === "on" || v === "true" || v === true),
    enrollmentCode: z
      .string()
      .trim()
      .max(40, "Keep the enrollment code under 40 characters.")
      .optional()
      .transform((v) => (v ? v : null)),
    startsOn: dateOnly,
    endsOn: dateOnly,
    lateTokens: z.coerce
      .number({ error: "Enter the number of late-day tokens." })
      .int("Use a whole number of tokens.")
      .min(0, "Tokens cannot be negative.")
      .max(30, "Give at most 30 tokens.")
      .default(0),
    autoApproveExtensionHours: z
      .string()
      .optional()
      .transform((v, ctx) => {
        if (!v || v.trim() === "") return null;
        const n = Number(v);
        if (!Number.isInteger(n) || n < 1 || n > 336) {
          ctx.addIssue({ code: "custom", message: "Use whole hours from 1 to 336, or leave empty to decide every request yourself." });
          return z.NEVER;
        }
        return n;
      }),
  })
  .superRefine((v, ctx) => {
    if (v.startsOn && v.endsOn && v.endsOn < v.startsOn) {
      ctx.addIssue({ code: "custom", path: ["endsOn"], message: "The end date must be on or after the start date." });
    }
    if (v.enrollmentCode && v.enrollmentCode.length < 4) {
      ctx.addIssue({ code: "custom", path: ["enrollmentCode"], message: "Use at least 4 characters for the enrollment code." });
    }
  });
export type CourseInput = z.infer<typeof courseSchema>;

function toDates(input: CourseInput) {
  const at = (day: string | undefined, hour: number, minute: number) => {
    if (!day) return null;
    const [year, month, d] = day.split("-").map(Number);
    return instantFromZoned({ year, month, day: d, hour, minute }, input.timeZone);
  };
  // A course runs from the start of its first day to the end of its last day, in its own zone.
  return { startsAt: at(input.startsOn, 0, 0), endsAt: at(input.endsOn, 23, 59) };
}

function courseData(input: CourseInput) {
  const { startsOn: _s, endsOn: _e, ...rest } = input;
  return { ...rest, ...toDates(input) };
}

async function assertSlugFree(slug: string, exceptId?: string) {
  const other = await getDb().course.findUnique({ where: { slug }, select: { id: true } });
  if (other && other.id !== exceptId) {
    throw conflict("Another course already uses that web address.");
  }
}

/** Any signed-in user can create a course and becomes its first instructor. */
export async function createCourse(actor: Actor, input: CourseInput, now: Date) {
  await assertSlugFree(input.slug);
  return getDb().course.create({
    data: {
      ...courseData(input),
      createdById: actor.id,
      enrollments: { create: { userId: actor.id, role: "INSTRUCTOR", startedAt: now } },
    },
    select: { id: true, slug: true },
  });
}

export async function updateCourse(actor: Actor, courseId: string, input: CourseInput) {
  await requireCourseRole(actor, { id: courseId }, ["INSTRUCTOR"], "Only the course's instructors can change its settings.");
  await assertSlugFree(input.slug, courseId);
  return getDb().course.update({ where: { id: courseId }, data: courseData(input), select: { id: true, slug: true } });
}

export async function deleteCourse(actor: Actor, courseId: string) {
  await requireCourseRole(actor, { id: courseId }, ["INSTRUCTOR"], "Only the course's instructors can delete it.");
  await getDb().course.delete({ where: { id: courseId } });
}

/** Course settings as the edit form needs them (staff with edit rights only). */
export async function getCourseForEdit(actor: Actor, slug: string) {
  const access = await requireCourseRole(actor, { slug }, ["INSTRUCTOR"], "Only the course's instructors can change its settings.");
  const course = await getDb().course.findUniqueOrThrow({ where: { id: access.course.id } });
  return { course, access };
}

/**
 * The course home's own part: the course, its dates, how to join it (price, code) and the
 * actor's purchase state; the study plan (services/study.server.ts) and "About this course"
 * ({@link getCourseAbout}) come beside it. Constant query count.
 */
export async function getCourseHome(actor: Actor, slug: string) {
  const access = await loadCourseAccess(actor, { slug });
  const courseId = access.course.id;
  const [row] = await queryRows<CourseHomeRow>(
    `SELECT "id", "slug", "title", "timeZone", "status", "selfEnrollment", "enrollmentCode", "startsAt", "endsAt", "priceAmount", "priceCurrency"
       FROM "Course" WHERE "id" = $1`,
    [courseId],
  );
  if (!row) throw notFound("course");
  const { enrollmentCode, priceAmount: amount, priceCurrency, selfEnrollment, startsAt, endsAt, ...rest } = row;
  const priceAmount = amount === null ? null : Number(amount);
  // Paid courses: the price, and for a non-member whether a refund ended their access or a payment is pending.
  const price = priceAmount !== null && priceCurrency ? { amount: priceAmount, currency: priceCurrency, label: formatMoney(priceAmount, priceCurrency) } : null;
  const purchase = price && !access.role ? await getPurchaseState(actor, courseId) : null;
  return {
    access,
    price,
    purchase,
    course: { ...rest, selfEnrollment: Boolean(selfEnrollment), startsAt: dateOf(startsAt), endsAt: dateOf(endsAt), needsCode: Boolean(enrollmentCode) },
  };
}

/**
 * "About this course", for anyone who may see the course: its summary (rendered), dates, its first
 * 20 active instructors and TAs in the order they joined and, for staff, the head counts. Students
 * find it on its own tab; visitors and staff also on the course home.
 */
export async function getCourseAbout(actor: Actor, slug: string) {
  const access = await loadCourseAccess(actor, { slug });
  const courseId = access.course.id;
  // Side by side: one statement joining course and staff sorted seven copies of the course row
  // (summary included) and cost twice the two.
  const [[row], staff, counts] = await Promise.all([
    queryRows<{ summary: string; startsAt: unknown; endsAt: unknown }>(`SELECT "summary", "startsAt", "endsAt" FROM "Course" WHERE "id" = $1`, [courseId]),
    queryRows<{ role: CourseRole; name: string }>(
      `SELECT e."role", u."displayName" AS "name"
         FROM "Enrollment" e JOIN "User" u ON u."id" = e."userId"
        WHERE e."courseId" = $1 AND e."status" = 'ACTIVE' AND e."role" IN ('INSTRUCTOR', 'TA')
        ORDER BY e."createdAt", e."id"
        LIMIT 20`,
      [courseId],
    ),
    access.isStaff
      ? queryRows<{ role: string; n: number | bigint }>(`SELECT "role", COUNT(*) AS "n" FROM "Enrollment" WHERE "courseId" = $1 AND "status" = 'ACTIVE' GROUP BY "role"`, [courseId])
      : Promise.resolve([]),
  ]);
  if (!row) throw notFound("course");
  return {
    isStaff: access.isStaff,
    summaryHtml: renderMarkdown(row.summary),
    startsAt: dateOf(row.startsAt),
    endsAt: dateOf(row.endsAt),
    staff,
    counts: Object.fromEntries(counts.map((c) => [c.role, Number(c.n)])) as Partial<Record<string, number>>,
  };
}

/** Courses the actor belongs to, for the dashboard: one query. */
export async function listMyCourses(actor: Actor) {
  // The dashboard of every signed-in person: one join in plain SQL (Prisma read the courses with a second statement).
  const rows = await queryRows<MyCourseRow>(
    `SELECT c."id", c."slug", c."title", c."status", c."startsAt", c."endsAt", c."timeZone", e."role", e."startedAt"
       FROM "Enrollment" e JOIN "Course" c ON c."id" = e."courseId"
      WHERE e."userId" = $1 AND e."status" = 'ACTIVE'
      ORDER BY c."title", c."id"`,
    [actor.id],
  );
  return rows.map((r) => ({ ...r, startsAt: dateOf(r.startsAt), endsAt: dateOf(r.endsAt), startedAt: dateOf(r.startedAt)! }));
}

type CourseHomeRow = {
  id: string;
  slug: string;
  title: string;
  timeZone: string;
  status: CourseStatus;
  selfEnrollment: unknown;
  enrollmentCode: string | null;
  startsAt: unknown;
  endsAt: unknown;
  priceAmount: number | bigint | null;
  priceCurrency: string | null;
};

type MyCourseRow = { id: string; slug: string; title: string; status: CourseStatus; timeZone: string; role: CourseRole; startsAt: unknown; endsAt: unknown; startedAt: unknown };

export const catalogQuerySchema = z.object({ q: z.string().trim().max(100).optional().default("") });

/** Published courses (public), with whether the signed-in actor is already in each. */
export async function listCatalog(actor: Actor | null, { q }: z.infer<typeof catalogQuerySchema>) {
  const db = getDb();
  const courses = await db.course.findMany({
    where: { status: "PUBLISHED", ...(q ? { OR: [{ title: { contains: q } }, { slug: { contains: q.toLowerCase() } }] } : {}) },
    orderBy: { title: "asc" },
    take: 100,
    select: {
      id: true,
      slug: true,
      title: true,
      summary: true,
      selfEnrollment: true,
      startsAt: true,
      endsAt: true,
      ...(actor ? { enrollments: { where: { userId: actor.id, status: "ACTIVE" as const }, select: { role: true }, take: 1 } } : {}),
    },
  });
  return courses.map(({ enrollments, summary, ...c }) =>
    withFields(c, {
      excerpt: summary.replace(/[#*_`>[\]()!-]/g, "").slice(0, 200),
      myRole: enrollments?.[0]?.role ?? null,
    }),
  );
}

export const selfEnrollSchema = z.object({ code: z.string().trim().max(40).optional().default("") });

/** A student joins a published, self-enrollable free course (with its code when it has one). */
export async function selfEnroll(actor: Actor, slug: string, input: z.infer<typeof selfEnrollSchema>, now: Date) {
  const access = await loadCourseAccess(actor, { slug });
  const db = getDb();
  const course = await db.course.findUniqueOrThrow({
    where: { id: access.course.id },
    select: { id: true, slug: true, status: true, selfEnrollment: true, enrollmentCode: true, endsAt: true, priceAmount: true },
  });
  if (access.role) return { slug: course.slug, already: true };
  if (course.priceAmount !== null) throw conflict("This is a paid course: buy it to enroll.");
  if (course.status !== "PUBLISHED" || !course.selfEnrollment) {
    throw conflict("This course does not take self-enrollment. Ask the instructor to add you.");
  }
  if (course.endsAt && course.endsAt < now) throw conflict("This course has ended, so it no longer takes new students.");
  if (course.enrollmentCode && course.enrollmentCode !== input.code) {
    const message = input.code ? "That enrollment code is not right. Check it with your instructor." : "Enter the enrollment code your instructor gave you.";
    throw badRequest(message, { code: [message] });
  }
  await db.enrollment.upsert({
    where: { courseId_userId: { courseId: course.id, userId: actor.id } },
    create: { courseId: course.id, userId: actor.id, role: "STUDENT", startedAt: now },
    update: { status: "ACTIVE", role: "STUDENT", startedAt: now },
  });
  return { slug: course.slug, already: false };
}

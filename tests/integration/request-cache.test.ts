/**
 * One page request runs the root, course-layout and page loaders in parallel with the same
 * Request: the session and the course access are read once for all of them (GET only).
 */
import { expect, test } from "vitest";
import { onQuery, queryCounter } from "~/lib/db.server";
import { getOptionalUser } from "~/lib/session.server";
import { loader as rootLoader } from "~/root";
import { loader as courseHomeLoader } from "~/routes/courses.$slug._index";
import { loader as courseLayoutLoader } from "~/routes/courses.$slug";
import { loadCourseAccess } from "~/services/permissions.server";
import { createCourse, createUser, enroll } from "../factories";
import { args, cookieFor } from "../factories/requests";

const BASE = "http://localhost:3000";


/** The SQL statements of one page view (after a warm-up view), run as Remix runs it or with a request per loader. */
async function pageStatements(url: string, cookie: string, slug: string, oneRequest: boolean) {
  const view = async () => {
    const shared = new Request(url, { headers: { Cookie: cookie } });
    const req = () => (oneRequest ? shared : new Request(url, { headers: { Cookie: cookie } }));
    await Promise.all([rootLoader(args(req())), courseLayoutLoader(args(req(), { slug })), courseHomeLoader(args(req(), { slug }))]);
  };
  await view();
  const log: string[] = [];
  const stop = onQuery((sql) => log.push(sql));
  const before = queryCounter.count;
  await view();
  const count = queryCounter.count - before;
  stop();
  // Quotes differ between SQLite (`main`.`Session`) and PostgreSQL ("public"."Session").
  const statements = log.slice(-count).map((q) => q.replace(/[`"]/g, ""));
  return {
    count,
    sessionReads: statements.filter((q) => /FROM (\w+\.)?Session\b/.test(q)).length,
    // The access statement joins the actor's enrollment by user (the study plan's joins the learner's by id).
    accessReads: statements.filter((q) => /FROM Course c LEFT JOIN Enrollment e ON e\.courseId = c\.id AND e\.userId/.test(q)).length,
  };
}

test("a course page reads the session and the course access once for all its loaders", async () => {
  const instructor = await createUser();
  const course = await createCourse(instructor);
  const student = await createUser();
  await enroll(student, course.id);
  const cookie = await cookieFor(student.id);
  const url = `${BASE}/courses/${course.slug}`;

  const shared = await pageStatements(url, cookie, course.slug, true);
  expect(shared).toMatchObject({ sessionReads: 1, accessReads: 1 });
  const separate = await pageStatements(url, cookie, course.slug, false);
  expect(separate.accessReads).toBe(2); // the layout's and the page's
  expect(separate.count).toBeGreaterThan(shared.count);
});

test("GET loaders share one actor; a POST reads the session afresh each time", async () => {
  const user = await createUser();
  const cookie = await cookieFor(user.id);
  const get = new Request(`${BASE}/dashboard`, { headers: { Cookie: cookie } });
  const [a, b] = await Promise.all([getOptionalUser(get), getOptionalUser(get)]);
  expect(a).not.toBeNull();
  expect(a).toBe(b);
  expect(Object.keys(a!)).not.toContain("requestCache"); // nothing extra is serialized into loader data
  expect(JSON.parse(JSON.stringify(a))).toEqual({ ...a });

  const post = new Request(`${BASE}/dashboard`, { method: "POST", headers: { Cookie: cookie } });
  const [c, d] = await Promise.all([getOptionalUser(post), getOptionalUser(post)]);
  expect(c).toEqual(d);
  expect(c).not.toBe(d);
});

test("course access is cached per GET request actor only, so a later request sees a changed role", async () => {
  const instructor = await createUser();
  const course = await createCourse(instructor);
  const student = await createUser();
  const cookie = await cookieFor(student.id);
  const actorOf = async () => (await getOptionalUser(new Request(`${BASE}/courses/${course.slug}`, { headers: { Cookie: cookie } })))!;

  const before = await actorOf();
  expect((await loadCourseAccess(before, { slug: course.slug })).role).toBeNull();
  await enroll(student, course.id);
  expect((await loadCourseAccess(before, { slug: course.slug })).role).toBeNull(); // same request: one read
  expect((await loadCourseAccess(await actorOf(), { slug: course.slug })).role).toBe("STUDENT"); // next request
  expect((await loadCourseAccess(student, { slug: course.slug })).role).toBe("STUDENT"); // plain actors: no cache

  // A rejected read is shared too, and is not mistaken for another course's.
  const draft = await createCourse(instructor, { status: "DRAFT" });
  const actor = await actorOf();
  await expect(loadCourseAccess(actor, { slug: draft.slug })).rejects.toMatchObject({ code: "NOT_FOUND" });
  expect((await loadCourseAccess(actor, { slug: course.slug })).role).toBe("STUDENT");
});

/**
 * The progress flags as the database returns them (services/progress-flags.server.ts): the three
 * aggregates over a learner's rows, on SQLite and PostgreSQL, for one learner and for a batch.
 */
import { expect, test } from "vitest";
import { getDb } from "~/lib/db.server";
import { readProgressFlags, readProgressFlagsOf } from "~/services/progress-flags.server";
import { createCourse, createUser, enroll } from "../factories";

const none = { submitted: false, scorePercent: null };

test("every mark and the watched % floored, per learner and for a batch; learners without rows are absent", async () => {
  const owner = await createUser();
  const course = await createCourse(owner);
  const db = getDb();
  const module = await db.module.create({ data: { courseId: course.id, title: "Week 1", published: true } });
  const items = [];
  for (let i = 0; i < 5; i++) {
    items.push(await db.moduleItem.create({ data: { moduleId: module.id, courseId: course.id, position: i, kind: "VIDEO", title: `Item ${i}`, published: true } }));
  }
  const ada = await enroll(await createUser(), course.id);
  const ben = await enroll(await createUser(), course.id);
  const cleo = await enroll(await createUser(), course.id);
  const at = new Date("2026-11-02T10:00:00Z");
  const rows = [
    { enrollmentId: ada.id, itemId: items[0].id, viewedAt: null, completedAt: null, watchedPercent: 0 },
    { enrollmentId: ada.id, itemId: items[1].id, viewedAt: at, completedAt: null, watchedPercent: 89.99 },
    { enrollmentId: ada.id, itemId: items[2].id, viewedAt: null, completedAt: at, watchedPercent: 90 },
    { enrollmentId: ada.id, itemId: items[3].id, viewedAt: at, completedAt: at, watchedPercent: 100 },
    { enrollmentId: ben.id, itemId: items[4].id, viewedAt: at, completedAt: null, watchedPercent: 0.5 },
  ];
  for (const data of rows) await db.itemProgress.create({ data });

  const adaFlags = await readProgressFlags(ada.id);
  expect(new Map(adaFlags)).toEqual(
    new Map([
      [items[0].id, { viewed: false, completed: false, watchedPercent: 0, ...none }],
      // 89.99 % does not meet a 90 % threshold, and neither does 89.
      [items[1].id, { viewed: true, completed: false, watchedPercent: 89, ...none }],
      [items[2].id, { viewed: false, completed: true, watchedPercent: 90, ...none }],
      [items[3].id, { viewed: true, completed: true, watchedPercent: 100, ...none }],
    ]),
  );
  expect((await readProgressFlags(cleo.id)).size).toBe(0);

  const batch = await readProgressFlagsOf([ada.id, ben.id, cleo.id]);
  expect([...batch.keys()].sort()).toEqual([ada.id, ben.id].sort());
  expect(new Map(batch.get(ada.id))).toEqual(new Map(adaFlags));
  expect(new Map(batch.get(ben.id))).toEqual(new Map([[items[4].id, { viewed: true, completed: false, watchedPercent: 0, ...none }]]));
  expect((await readProgressFlagsOf([])).size).toBe(0);
});

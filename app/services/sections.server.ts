import { z } from "zod";
import { getDb } from "~/lib/db.server";
import { conflict, notFound } from "~/lib/errors";
import { requireCourseRole, STAFF } from "./permissions.server";
import type { Actor } from "./users.server";

export const sectionSchema = z.object({
  name: z.string().trim().min(1, "Give the section a name.").max(80, "Keep section names under 80 characters."),
});

export async function listSections(actor: Actor, courseId: string) {
  await requireCourseRole(actor, { id: courseId }, STAFF, "Only course staff can see sections.");
  const sections = await getDb().section.findMany({
    where: { courseId },
    orderBy: { name: "asc" },
    select: { id: true, name: true, _count: { select: { enrollments: { where: { status: "ACTIVE" } } } } },
  });
  return sections.map((s) => ({ id: s.id, name: s.name, members: s._count.enrollments }));
}

async function assertNameFree(courseId: string, name: string, exceptId?: string) {
  const other = await getDb().section.findUnique({ where: { courseId_name: { courseId, name } }, select: { id: true } });
  if (other && other.id !== exceptId) throw conflict(`There is already a section called "${name}".`);
}

export async function createSection(actor: Actor, courseId: string, input: z.infer<typeof sectionSchema>) {
  await requireCourseRole(actor, { id: courseId }, ["INSTRUCTOR"], "Only instructors can manage sections.");
  await assertNameFree(courseId, input.name);
  return getDb().section.create({ data: { courseId, name: input.name }, select: { id: true, name: true } });
}

export async function renameSection(actor: Actor, courseId: string, sectionId: string, input: z.infer<typeof sectionSchema>) {
  await requireCourseRole(actor, { id: courseId }, ["INSTRUCTOR"], "Only instructors can manage sections.");
  const section = await getDb().section.findFirst({ where: { id: sectionId, courseId }, select: { id: true } });
  if (!section) throw notFound("section");
  await assertNameFree(courseId, input.name, sectionId);
  return getDb().section.update({ where: { id: sectionId }, data: { name: input.name }, select: { id: true, name: true } });
}

/** Members of a deleted section stay in the course, without a section. */
export async function deleteSection(actor: Actor, courseId: string, sectionId: string) {
  await requireCourseRole(actor, { id: courseId }, ["INSTRUCTOR"], "Only instructors can manage sections.");
  const section = await getDb().section.findFirst({ where: { id: sectionId, courseId }, select: { id: true } });
  if (!section) throw notFound("section");
  await getDb().section.delete({ where: { id: sectionId } });
}

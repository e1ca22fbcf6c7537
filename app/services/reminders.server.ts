/**
 * Deadline reminders: the periodic scan, its job, and each person's reminder settings.
 * Which items get a reminder, and when, is decided by domain/reminders.ts; every date comes from
 * resolveForLearners (and so from domain/schedule.ts).
 */
import { z } from "zod";
import { planReminder, type ReminderItem, type ReminderSettings } from "~/domain/reminders";
import { enqueueOnce, slotKey, slotOf as periodicSlotOf } from "~/integrations/jobs/periodic.server";
import { sendMail } from "~/integrations/mail/mail.server";
import { getDb, isUniqueViolation } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { formatDateTime } from "~/lib/time";
import { learnerSelect, resolveForLearners, toLearner } from "./schedule.server";
import type { Actor } from "./users.server";

export const REMINDER_SCAN_JOB = "reminders.scan";
export const SCAN_EVERY_MS = 5 * 60_000;
/** People per scan batch: each batch is a constant number of queries. */
export const SCAN_BATCH_SIZE = 500;

/** Active student enrollments in published courses that have a published assignment with a due date. */
const remindableEnrollment = () => ({
  status: "ACTIVE" as const,
  role: "STUDENT" as const,
  course: {
    status: "PUBLISHED" as const,
    assignments: { some: { published: true, OR: [{ dueRule: { not: null } }, { overrides: { some: { dueRule: { not: null } } } }] } },
  },
});

const personSelect = {
  id: true,
  email: true,
  displayName: true,
  timeZone: true,
  reminderLeadHours: true,
  quietStartMinute: true,
  quietEndMinute: true,
} as const;
type Person = { id: string; email: string; displayName: string; timeZone: string; reminderLeadHours: number; quietStartMinute: number | null; quietEndMinute: number | null };
type Item = ReminderItem & { dueAt: Date; enrollmentId: string; courseSlug: string };

export type ScanResult = {
  /** People looked at (with at least one remindable enrollment). */
  people: number;
  /** Messages sent, and the items they listed. */
  mailed: number;
  reminded: number;
  /** People whose reminder waits for the end of their quiet hours. */
  waiting: number;
  /** Messages another process sent first (the ReminderLog unique key). */
  skipped: number;
};

const settingsOf = (p: Person): ReminderSettings => ({
  leadHours: p.reminderLeadHours,
  quietStartMinute: p.quietStartMinute,
  quietEndMinute: p.quietEndMinute,
  timeZone: p.timeZone,
});
const logKey = (enrollmentId: string, assignmentId: string, dueAt: Date) => `${enrollmentId}|${assignmentId}|${dueAt.getTime()}`;

/**
 * Sends every reminder due at `now`: one message per person, listing all their items. Pages
 * through people (a person's enrollments are never split across batches, so grouping holds
 * across courses); each batch runs a constant number of queries plus one transaction per message.
 * Safe to run concurrently: the ReminderLog unique key lets exactly one process send.
 */
export async function scanReminders(now: Date, options: { batchSize?: number } = {}): Promise<ScanResult> {
  const batchSize = options.batchSize ?? SCAN_BATCH_SIZE;
  const result: ScanResult = { people: 0, mailed: 0, reminded: 0, waiting: 0, skipped: 0 };
  const failures: unknown[] = [];
  let after: string | undefined;
  for (;;) {
    const people = await getDb().user.findMany({
      where: { ...(after ? { id: { gt: after } } : {}), enrollments: { some: remindableEnrollment() } },
      orderBy: { id: "asc" },
      take: batchSize,
      select: personSelect,
    });
    if (people.length === 0) break;
    after = people[people.length - 1].id;
    result.people += people.length;
    await scanBatch(people, now, result, failures);
    if (people.length < batchSize) break;
  }
  if (failures.length) {
    const first = failures[0] instanceof Error ? failures[0].message : String(failures[0]);
    throw new Error(`Reminder scan: ${failures.length} message(s) could not be sent (first: ${first}). They are retried by the next scan.`);
  }
  return result;
}

async function scanBatch(people: Person[], now: Date, result: ScanResult, failures: unknown[]): Promise<void> {
  const db = getDb();
  const enrollments = await db.enrollment.findMany({
    where: { userId: { in: people.map((p) => p.id) }, ...remindableEnrollment() },
    select: learnerSelect,
  });
  const resolved = await resolveForLearners(enrollments.map(toLearner), now);
  const userOf = new Map(enrollments.map((e) => [e.id, e.userId]));
  const itemsOf = new Map<string, Item[]>();
  for (const r of resolved) {
    const dueAt = r.schedule.dueAt;
    if (!dueAt || dueAt <= now) continue;
    const userId = userOf.get(r.enrollmentId)!;
    const list = itemsOf.get(userId) ?? [];
    list.push({
      assignmentId: r.assignment.id,
      title: r.assignment.title,
      courseTitle: r.course.title,
      courseSlug: r.course.slug,
      enrollmentId: r.enrollmentId,
      dueAt,
      state: r.schedule.state,
      submitted: r.attempts > 0,
      alreadyReminded: false,
    });
    itemsOf.set(userId, list);
  }

  // Only people with something to remind about (ignoring the log) need the log.
  const candidates = people.filter((p) => itemsOf.has(p.id) && planReminder(itemsOf.get(p.id)!, settingsOf(p), now).action !== "NONE");
  if (candidates.length === 0) return;
  const logs = await db.reminderLog.findMany({
    where: { enrollmentId: { in: candidates.flatMap((p) => [...new Set(itemsOf.get(p.id)!.map((i) => i.enrollmentId))]) }, dueAt: { gt: now } },
    select: { enrollmentId: true, assignmentId: true, dueAt: true },
  });
  const sent = new Set(logs.map((l) => logKey(l.enrollmentId, l.assignmentId, l.dueAt)));

  for (const person of candidates) {
    const items = itemsOf.get(person.id)!.map((i) => ({ ...i, alreadyReminded: sent.has(logKey(i.enrollmentId, i.assignmentId, i.dueAt)) }));
    const plan = planReminder(items, settingsOf(person), now);
    if (plan.action === "WAIT") result.waiting++;
    if (plan.action !== "SEND") continue;
    try {
      if (await deliver(person, plan.items, now)) {
        result.mailed++;
        result.reminded += plan.items.length;
      } else result.skipped++;
    } catch (error) {
      failures.push(error);
    }
  }
}

/** Records the reminders and sends the message in one transaction; false when another process won. */
async function deliver(person: Person, items: Item[], now: Date): Promise<boolean> {
  try {
    await getDb().$transaction(async (tx) => {
      await tx.reminderLog.createMany({
        data: items.map((i) => ({ enrollmentId: i.enrollmentId, assignmentId: i.assignmentId, dueAt: i.dueAt, sentAt: now })),
      });
      await sendMail(reminderMail(person, items));
    });
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

/** The grouped message: each item with its course, due time in the person's zone, and link. */
export function reminderMail(person: Pick<Person, "email" | "displayName" | "timeZone" | "reminderLeadHours">, items: Item[]) {
  const appUrl = getEnv().APP_URL;
  const link = (path: string) => new URL(path, appUrl).toString();
  const subject = items.length === 1 ? `Due soon: ${items[0].title}` : `Due soon: ${items.length} assignments`;
  const lines = [
    `Hello ${person.displayName},`,
    "",
    items.length === 1
      ? "This assignment is due soon and we have no submission from you yet:"
      : `These ${items.length} assignments are due soon and we have no submission from you for them yet:`,
    "",
  ];
  for (const i of items) {
    lines.push(
      `- ${i.title} (${i.courseTitle})`,
      `  Due ${formatDateTime(i.dueAt, person.timeZone)}`,
      `  ${link(`/courses/${encodeURIComponent(i.courseSlug)}/assignments/${encodeURIComponent(i.assignmentId)}`)}`,
      "",
    );
  }
  lines.push(
    `Times are in your time zone, ${person.timeZone}.`,
    "",
    `You get one reminder per due date, ${hoursText(person.reminderLeadHours)} before it.`,
    `To change when reminders arrive, or to set quiet hours: ${link("/settings/notifications")}`,
  );
  return { to: person.email, subject, text: lines.join("\n") };
}

const hoursText = (h: number) => (h === 1 ? "1 hour" : `${h} hours`);

// ---- The periodic job ---------------------------------------------------------------------

const slotOf = (t: number) => periodicSlotOf(t, SCAN_EVERY_MS);

async function enqueueScan(slot: number, runAt: Date): Promise<void> {
  // maxAttempts 1: a failed scan is retried by the next slot, five minutes later.
  await enqueueOnce(REMINDER_SCAN_JOB, {}, { runAt, uniqueKey: slotKey(REMINDER_SCAN_JOB, slot), maxAttempts: 1 });
}

/** Job handler: schedules the next slot first (so a failing scan never ends the chain), then scans. */
export async function runReminderScanJob(_payload: unknown, now: Date): Promise<void> {
  const next = slotOf(now.getTime()) + SCAN_EVERY_MS;
  await enqueueScan(next, new Date(next));
  await scanReminders(now);
}

/**
 * Makes sure the scan runs: one job for the current slot (runs now unless it already ran) and one
 * for the next. Idempotent across processes and restarts (one unique key per five-minute slot).
 */
export async function ensureReminderScanScheduled(now: Date): Promise<void> {
  const slot = slotOf(now.getTime());
  await enqueueScan(slot, now);
  await enqueueScan(slot + SCAN_EVERY_MS, new Date(slot + SCAN_EVERY_MS));
}

// ---- Settings -----------------------------------------------------------------------------

export const LEAD_HOUR_CHOICES = [1, 3, 6, 12, 24, 48, 72] as const;

const toMinute = (hhmm: string) => (hhmm ? Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5)) : null);
const clockTime = (label: string) =>
  z
    .string()
    .trim()
    // Browsers' time inputs send HH:MM (HH:MM:SS with a step below a minute; seconds are ignored).
    .regex(/^$|^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/, `Enter the time quiet hours ${label} like 22:00, or leave it empty.`);

export const notificationSettingsSchema = z
  .object({
    reminderLeadHours: z.coerce
      .number({ error: "Choose how long before a due date you want your reminder." })
      .int("Choose how long before a due date you want your reminder.")
      .min(1, "Choose a lead time between 1 hour and 1 week (168 hours).")
      .max(168, "Choose a lead time between 1 hour and 1 week (168 hours)."),
    quietStart: clockTime("start").default(""),
    quietEnd: clockTime("end").default(""),
  })
  .superRefine((v, ctx) => {
    if (v.quietStart && !v.quietEnd)
      ctx.addIssue({ code: "custom", path: ["quietEnd"], message: "Enter when quiet hours end too, or clear both times to turn quiet hours off." });
    if (!v.quietStart && v.quietEnd)
      ctx.addIssue({ code: "custom", path: ["quietStart"], message: "Enter when quiet hours start too, or clear both times to turn quiet hours off." });
    if (v.quietStart && toMinute(v.quietStart) === toMinute(v.quietEnd))
      ctx.addIssue({ code: "custom", path: ["quietEnd"], message: "Quiet hours must end at a different time than they start." });
  });

export type NotificationSettings = { reminderLeadHours: number; quietStart: string; quietEnd: string; timeZone: string };

const toClock = (minute: number | null) =>
  minute === null ? "" : `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;

export async function getNotificationSettings(actor: Actor): Promise<NotificationSettings> {
  const user = await getDb().user.findUniqueOrThrow({
    where: { id: actor.id },
    select: { reminderLeadHours: true, quietStartMinute: true, quietEndMinute: true, timeZone: true },
  });
  return {
    reminderLeadHours: user.reminderLeadHours,
    quietStart: toClock(user.quietStartMinute),
    quietEnd: toClock(user.quietEndMinute),
    timeZone: user.timeZone,
  };
}

/** Saves the actor's own reminder settings (input already parsed with notificationSettingsSchema). */
export async function updateNotificationSettings(actor: Actor, input: z.infer<typeof notificationSettingsSchema>): Promise<NotificationSettings> {
  await getDb().user.update({
    where: { id: actor.id },
    data: { reminderLeadHours: input.reminderLeadHours, quietStartMinute: toMinute(input.quietStart), quietEndMinute: toMinute(input.quietEnd) },
  });
  return getNotificationSettings(actor);
}

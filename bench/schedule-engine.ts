/**
 * Schedule-engine throughput: `npx tsx bench/schedule-engine.ts [learners] [items] [rounds]`.
 *
 * A course of `items` dated things (30 % releases with only an open date, 70 % assignments with
 * open/due and usually close) resolved for `learners` learners in 8 time zones. Date rules are
 * drawn 60 % ABSOLUTE, 25 % RELATIVE, 15 % RELATIVE_DAYS / LOCAL (course or learner zone);
 * 10 % of items carry a section override, 3 % a learner override, 5 % of learners have extensions.
 * One item resolution = all dates of one item for one learner (override selection, rule
 * resolution, extensions, normalisation, state). Budget: >= 500,000 item resolutions / s.
 */
import { performance } from "node:perf_hooks";
import {
  createResolver,
  resolveSchedule,
  type DateRule,
  type LearnerContext,
  type ScheduleInput,
  type ScheduleOverride,
} from "../app/domain/schedule.js";

const LEARNERS = Number(process.argv[2] ?? 500);
const ITEMS = Number(process.argv[3] ?? 400);
const ROUNDS = Number(process.argv[4] ?? 5);
const BUDGET = 500_000;

// Deterministic PRNG (mulberry32) so runs are comparable.
let seed = 42;
function rand(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];

const ZONES = [
  "Europe/Berlin",
  "America/New_York",
  "Australia/Sydney",
  "Asia/Kolkata",
  "America/Los_Angeles",
  "Etc/GMT+12",
  "Pacific/Kiritimati",
  "UTC",
];
const COURSE_START = Date.UTC(2026, 1, 1);
const DAY = 86_400_000;
const course = { timeZone: "Europe/Berlin", endsAt: new Date(COURSE_START + 180 * DAY) };
const pad = (n: number) => String(n).padStart(2, "0");

/** A rule roughly `dayOffset` days into the course, by the 60/25/15 mix. */
function makeRule(dayOffset: number): DateRule {
  const r = rand();
  if (r < 0.6) return { type: "ABSOLUTE", at: new Date(COURSE_START + dayOffset * DAY + Math.floor(rand() * DAY)) };
  if (r < 0.85) return { type: "RELATIVE", minutes: dayOffset * 1440 + Math.floor(rand() * 1440), clampToCourseEnd: rand() < 0.5 };
  const zone = rand() < 0.5 ? "COURSE" : "LEARNER";
  const time = `${pad(Math.floor(rand() * 24))}:${pad(Math.floor(rand() * 60))}`;
  if (r < 0.925) return { type: "RELATIVE_DAYS", days: dayOffset, time, zone, clampToCourseEnd: true };
  const date = new Date(COURSE_START + dayOffset * DAY).toISOString().slice(0, 10);
  return { type: "LOCAL", date, time, zone };
}

function makeItems(): ScheduleInput[] {
  const items: ScheduleInput[] = [];
  for (let i = 0; i < ITEMS; i++) {
    const day = Math.floor((i / ITEMS) * 150);
    if (rand() < 0.3) {
      items.push({ rules: { openAt: makeRule(day) } });
      continue;
    }
    const rules = { openAt: makeRule(day), dueAt: makeRule(day + 7), closeAt: rand() < 0.8 ? makeRule(day + 10) : undefined };
    const overrides: ScheduleOverride[] = [];
    if (rand() < 0.1) overrides.push({ scope: "SECTION", sectionId: pick(["A", "B", "C"]), dates: { dueAt: makeRule(day + 9) } });
    if (rand() < 0.03)
      overrides.push({ scope: "LEARNER", learnerId: `L${Math.floor(rand() * LEARNERS)}`, dates: { dueAt: makeRule(day + 12), closeAt: null } });
    items.push({ rules, overrides });
  }
  return items;
}

function makeLearners(): LearnerContext[] {
  return Array.from({ length: LEARNERS }, (_, i) => ({
    id: `L${i}`,
    sectionId: rand() < 0.8 ? pick(["A", "B", "C"]) : null,
    startedAt: new Date(COURSE_START + Math.floor(rand() * 60 * DAY)),
    timeZone: pick(ZONES),
  }));
}

const items = makeItems();
const learners = makeLearners();
const extensionsFor = new Map(learners.filter(() => rand() < 0.05).map((l) => [l.id, [{ minutes: 1440 }]]));
const dates = items.reduce((n, it) => n + Object.values(it.rules).filter(Boolean).length, 0);
const now = new Date(COURSE_START + 40 * DAY);

function round(): number {
  let checksum = 0;
  for (const learner of learners) {
    const resolver = createResolver(course, learner);
    const ext = extensionsFor.get(learner.id);
    for (let i = 0; i < items.length; i++) {
      const it = items[i];
      const r = resolver.resolve(it.rules, it.overrides, ext, now);
      checksum += r.state.length;
    }
  }
  return checksum;
}

const cold0 = performance.now();
round(); // first round: cold JIT and empty zone-offset caches
const cold = performance.now() - cold0;
round();

// Convenience path for comparison: resolveSchedule builds a resolver per call.
const simple0 = performance.now();
let simpleCount = 0;
for (const learner of learners.slice(0, 50))
  for (const it of items) {
    resolveSchedule(it.rules, it.overrides, extensionsFor.get(learner.id), learner, course, now);
    simpleCount++;
  }
const simplePerSecond = (simpleCount / (performance.now() - simple0)) * 1000;
const times: number[] = [];
let checksum = 0;
for (let i = 0; i < ROUNDS; i++) {
  const t0 = performance.now();
  checksum += round();
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
const perRound = learners.length * items.length;
const median = times[Math.floor(times.length / 2)];
const best = times[0];
const perSecond = (perRound / median) * 1000;
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

console.log(`schedule engine: ${fmt(learners.length)} learners × ${fmt(items.length)} items (${fmt(dates)} dated rules per learner), ${ROUNDS} rounds`);
console.log(`  median round ${median.toFixed(1)} ms, best ${best.toFixed(1)} ms`);
console.log(`  ${fmt(perSecond)} item resolutions/s (median), ${fmt((perRound / best) * 1000)} (best)`);
console.log(`  ${fmt((learners.length * dates * 1000) / median)} single-date resolutions/s (median)`);
console.log(`  cold first round ${cold.toFixed(1)} ms; resolveSchedule() per call: ${fmt(simplePerSecond)} item resolutions/s`);
console.log(`  budget ${fmt(BUDGET)}/s: ${perSecond >= BUDGET ? "PASS" : "FAIL"}  (checksum ${checksum})`);
if (perSecond < BUDGET) process.exitCode = 1;

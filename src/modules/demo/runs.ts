/**
 * When the demo's programs ran: each program's schedule (office hours, an hourly job, a weekly batch,
 * month end) with the customer's growth over the year, holidays and weekdays, drawn from a seeded
 * random source so the same clock gives the same year. Office hours are in UTC, close enough to
 * German ones for a demo.
 */
import type { DemoProgram, Schedule } from "./content.ts";

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const YEAR_DAYS = 365;

/** Small, fast and seedable (mulberry32): the demo must look the same for the same clock. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function poisson(random: () => number, mean: number): number {
  if (mean <= 0) return 0;
  const limit = Math.exp(-mean);
  let count = 0;
  for (let product = random(); product > limit; product *= random()) count++;
  return count;
}

export const between = (random: () => number, min: number, max: number) =>
  min + Math.floor(random() * (max - min + 1));

/** The customer automates more every month: from 60 % of today's volume a year ago to 120 % today. */
const growth = (dayIndex: number) => 0.6 + (0.6 * dayIndex) / YEAR_DAYS;

/** Fewer runs in the summer holidays and hardly any between Christmas and Epiphany. */
function season(day: Date): number {
  const month = day.getUTCMonth();
  const date = day.getUTCDate();
  if ((month === 11 && date >= 22) || (month === 0 && date <= 6)) return 0.35;
  return month === 7 ? 0.75 : 1;
}

/** Monday brings the weekend's post; Friday afternoons are quiet. Index: getUTCDay(). */
const WEEKDAY = [0, 1.15, 1.05, 1, 1, 0.8, 0];
const isWorkday = (day: Date) => (WEEKDAY[day.getUTCDay()] ?? 0) > 0;

function lastWorkdayOfMonth(day: Date): Date {
  const last = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth() + 1, 0));
  while (!isWorkday(last)) last.setUTCDate(last.getUTCDate() - 1);
  return last;
}

export interface Run {
  at: number;
  program: number;
  /** Undefined: the program's default, as a client that sends none gets. */
  seconds: number | undefined;
}

/** The moments (ms) a program with this schedule ran on one UTC day. Office hours are in UTC. */
function runsOfDay(schedule: Schedule, day: Date, dayIndex: number, random: () => number): number[] {
  const midnight = day.getTime();
  const level = growth(dayIndex) * season(day);
  const weekday = WEEKDAY[day.getUTCDay()] ?? 0;
  switch (schedule.kind) {
    case "workdays": {
      const count = poisson(random, schedule.perDay * level * weekday);
      // Two uniforms: most invoices arrive around noon, few early or late.
      return Array.from(
        { length: count },
        () => midnight + 6 * HOUR + Math.floor(((random() + random()) / 2) * 10 * HOUR),
      );
    }
    case "hourly": {
      const chance = schedule.probability * (weekday > 0 ? 1 : 0.5) * Math.min(1, 0.5 + level / 2);
      const moments: number[] = [];
      for (let hour = 0; hour < 24; hour++) {
        if (random() < chance) moments.push(midnight + hour * HOUR + between(random, 0, 300_000));
      }
      return moments;
    }
    case "weekly": {
      if (weekday === 0) return [];
      if (day.getUTCDay() !== 2) {
        return Array.from({ length: poisson(random, schedule.adHocPerDay * level) }, () =>
          between(random, midnight + 7 * HOUR, midnight + 15 * HOUR),
        );
      }
      const count = poisson(random, schedule.perBatch * level);
      let moment = midnight + 5 * HOUR;
      return Array.from({ length: count }, () => {
        moment += between(random, 15_000, 90_000);
        return moment;
      });
    }
    case "monthly": {
      const last = lastWorkdayOfMonth(day);
      if (last.getTime() === midnight) return [midnight + 13 * HOUR + between(random, 0, 1_800_000)];
      // Sometimes a correction run on the first workday after.
      const previous = new Date(midnight - DAY);
      while (!isWorkday(previous)) previous.setUTCDate(previous.getUTCDate() - 1);
      if (weekday > 0 && lastWorkdayOfMonth(previous).getTime() === previous.getTime() && random() < 0.3) {
        return [midnight + 8 * HOUR + between(random, 0, 3_600_000)];
      }
      return [];
    }
  }
}

/** Every run of the programs from `start` to `now` (ms), in time order. */
export function generateRuns(
  programs: readonly { content: DemoProgram }[],
  start: number,
  now: number,
  random: () => number,
): Run[] {
  const runs: Run[] = [];
  const firstDay = Math.floor(start / DAY) * DAY;
  for (let midnight = firstDay, index = 0; midnight < now; midnight += DAY, index++) {
    const day = new Date(midnight);
    programs.forEach(({ content }, program) => {
      for (const at of runsOfDay(content.schedule, day, index, random)) {
        if (at < start || at >= now) continue;
        const explicit = random() < 0.5;
        const seconds = explicit ? between(random, content.timeSaved.min, content.timeSaved.max) : undefined;
        runs.push({ at, program, seconds });
      }
    });
  }
  return runs.sort((a, b) => a.at - b.at || a.program - b.program);
}

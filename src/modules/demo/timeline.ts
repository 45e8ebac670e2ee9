/**
 * A year of the demo customer's business, computed in memory: when each program ran, how much time it
 * saved, what the time accounts were topped up with, which runs got a complaint and which months were
 * paid. Every run is priced by the product's own rules (`priceExecution`: time accounts first, then
 * the fixed or tier rate on the basis before it), in the order things happened, so the rows written
 * are what recording them one by one would have left behind: balances equal their ledgers, covered
 * seconds equal their debits, tier bases equal the counted executions. Pure and seeded: the same
 * clock gives the same year.
 */
import { type UuidGenerator, uuidv7Generator } from "../../lib/ids.ts";
import { formatMoney, parseMoney } from "../../lib/money.ts";
import type { ComplaintStatus } from "../complaints/schema.ts";
import { type PricingState, priceExecution } from "../executions/pricing.ts";
import type { PaymentStatus } from "../executions/schema.ts";
import { addMonths, reportingDay } from "../insights/calendar.ts";
import { DEFAULT_TIERS } from "../programs/tiers.ts";
import type { LedgerKind } from "../time-accounts/schema.ts";
import { COMPLAINT_TEXTS, type DemoAccount, type DemoProgram } from "./content.ts";
import { between, DAY, generateRuns, HOUR, type Run, seededRandom, YEAR_DAYS } from "./runs.ts";

/** The reason a complaint's refund carries, as `fileComplaint` writes it. */
export const COMPLAINT_REFUND_REASON = "Complaint filed";

export interface TimelineInput {
  now: Date;
  customerId: string;
  programs: readonly { id: string; content: DemoProgram; timeAccountIds: readonly string[] }[];
  accounts: readonly { id: string; content: DemoAccount }[];
  reporter: { userId: string; apiKeyId: string };
  complainantUserId: string;
  seed?: number;
}

/** Rows in the tables' own column names, ready for `json_to_recordset`. */
export interface ExecutionRow {
  id: string;
  customer_program_id: string;
  customer_id: string;
  reported_by_user_id: string;
  api_key_id: string;
  time_saved_seconds: number;
  covered_seconds: number;
  billed_seconds: number;
  price_per_second: string;
  price: string;
  currency: string;
  payment_status: PaymentStatus;
  paid_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface EntryRow {
  id: string;
  time_account_id: string;
  kind: LedgerKind;
  seconds: number;
  balance_after_seconds: number;
  execution_id: string | null;
  actor_user_id: string | null;
  actor_api_key_id: string | null;
  reason: string | null;
  created_at: string;
}

export interface ComplaintRow {
  id: string;
  execution_id: string;
  customer_id: string;
  filed_by_user_id: string;
  text: string;
  status: ComplaintStatus;
  resolved_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface DemoTimeline {
  /** A year before `now`: where the demo's history begins. */
  start: Date;
  executions: ExecutionRow[];
  entries: EntryRow[];
  complaints: ComplaintRow[];
  /** Each account's balance after everything. */
  balances: Map<string, number>;
  /** Each customer program's tier basis after everything (seconds of `not_paid` and `paid` runs). */
  tierBases: Map<string, number>;
  lastExecutionAt: Date | null;
}

/** Executions of a reporting month are paid on the 5th of the month after the next. */
function paidAtCalculator(): (at: number) => number {
  // Reporting days change on full hours in every time zone; the calendar lookup is the slow part.
  const byHour = new Map<number, number>();
  return (at) => {
    const hour = Math.floor(at / HOUR);
    let paidAt = byHour.get(hour);
    if (paidAt === undefined) {
      const twoMonthsOn = addMonths(reportingDay(new Date(hour * HOUR)), 2);
      paidAt = Date.parse(`${twoMonthsOn}T08:00:00Z`) + 4 * DAY;
      byHour.set(hour, paidAt);
    }
    return paidAt;
  };
}

interface TopUp {
  at: number;
  account: string;
  seconds: number;
  reason: string;
}

const roundDown = (seconds: number, unit: number) => Math.floor(seconds / unit) * unit;
const roundUp = (seconds: number, unit: number) => Math.ceil(seconds / unit) * unit;

/** The first moments of the calendar quarters after `start` and before `now`, at 08:00 UTC. */
function quarterStarts(start: number, now: number): number[] {
  const moments: number[] = [];
  const first = new Date(start);
  for (
    let quarter = new Date(
      Date.UTC(first.getUTCFullYear(), Math.floor(first.getUTCMonth() / 3) * 3 + 3, 1, 8),
    );
    quarter.getTime() < now;
    quarter = new Date(Date.UTC(quarter.getUTCFullYear(), quarter.getUTCMonth() + 3, 1, 8))
  ) {
    moments.push(quarter.getTime());
  }
  return moments;
}

const quarterName = (at: number) => {
  const date = new Date(at);
  return `Q${Math.floor(date.getUTCMonth() / 3) + 1}/${date.getUTCFullYear()}`;
};

/**
 * Top-ups sized from what the account's programs will use (known here, since the runs are fixed
 * before pricing): a `quarterly` account gets a little less than each past quarter needs (it runs dry
 * for its last hours, which are billed) and more than the current quarter needs; a `scarce` one runs
 * dry twice and keeps about 45 minutes today. Refunds of complaints only add to a balance.
 */
function planTopUps(input: TimelineInput, runs: readonly Run[], start: number): TopUp[] {
  const now = input.now.getTime();
  const topUps: TopUp[] = [];
  for (const account of input.accounts) {
    const demand = (from: number, to: number) =>
      runs.reduce((sum, run) => {
        const program = input.programs[run.program];
        if (!program?.timeAccountIds.includes(account.id) || run.at < from || run.at >= to) return sum;
        return sum + (run.seconds ?? program.content.defaultTimeSavedSeconds);
      }, 0);
    if (account.content.refill === "quarterly") {
      const moments = [start, ...quarterStarts(start, now)];
      let previousRate = 0;
      moments.forEach((at, index) => {
        const next = moments[index + 1];
        let seconds: number;
        if (next !== undefined) {
          const used = demand(at, next);
          previousRate = used / (next - at);
          seconds = roundDown(used, 10 * 3600);
        } else {
          const quarterEnd = Date.UTC(new Date(at).getUTCFullYear(), new Date(at).getUTCMonth() + 3, 1, 8);
          const expected = previousRate * (quarterEnd - at) * 1.1;
          seconds = roundUp(Math.max(expected, demand(at, now) + 10 * 3600), 50 * 3600);
        }
        const reason = index === 0 ? "Startkontingent" : `Quartalskontingent ${quarterName(at)}`;
        if (seconds > 0) topUps.push({ at, account: account.id, seconds, reason });
      });
    } else {
      // Bought on a morning, as people do.
      const morning = (at: number) => Math.floor(at / DAY) * DAY + 8 * HOUR;
      const last = morning(now - 18 * DAY);
      topUps.push({ at: start, account: account.id, seconds: 15 * 3600, reason: "Startpaket" });
      topUps.push({
        at: morning(start + 182 * DAY),
        account: account.id,
        seconds: 20 * 3600,
        reason: "Nachkauf",
      });
      topUps.push({
        at: last,
        account: account.id,
        seconds: roundUp(demand(last, now) + 45 * 60, 15 * 60),
        reason: "Nachkauf",
      });
    }
  }
  return topUps;
}

interface Complaint {
  at: number;
  run: number;
}

/** Runs that get a complaint: some hours to three days after, while not paid yet, before now. */
function pickComplaints(
  input: TimelineInput,
  runs: readonly Run[],
  random: () => number,
  paidAtOf: (at: number) => number,
): Complaint[] {
  const now = input.now.getTime();
  const picked: Complaint[] = [];
  runs.forEach((run, index) => {
    const rate = input.programs[run.program]?.content.complaintRate ?? 0;
    if (random() >= rate) return;
    const at = run.at + between(random, 2 * HOUR, 3 * DAY);
    if (at < now && at < paidAtOf(run.at)) picked.push({ at, run: index });
  });
  return picked;
}

type Event =
  | { at: number; order: 0; topUp: TopUp }
  | { at: number; order: 1; run: number }
  | { at: number; order: 2; complaint: Complaint };

export function buildTimeline(input: TimelineInput): DemoTimeline {
  const random = seededRandom(input.seed ?? 20_260_101);
  const now = input.now.getTime();
  const start = now - YEAR_DAYS * DAY;
  const runs = generateRuns(input.programs, start, now, random);
  const paidAtOf = paidAtCalculator();
  const complaints = pickComplaints(input, runs, random, paidAtOf);
  const events: Event[] = [
    ...planTopUps(input, runs, start).map((topUp) => ({ at: topUp.at, order: 0 as const, topUp })),
    ...runs.map((run, index) => ({ at: run.at, order: 1 as const, run: index })),
    ...complaints.map((complaint) => ({ at: complaint.at, order: 2 as const, complaint })),
  ].sort((a, b) => a.at - b.at || a.order - b.order);

  const state: PricingState = {
    programs: new Map(
      input.programs.map(({ id, content, timeAccountIds }) => [
        id,
        {
          id,
          pricingMode: content.pricingMode,
          pricePerSecond: parseMoney(content.pricePerSecond ?? "0"),
          tiers: content.tiers ?? DEFAULT_TIERS,
          currency: "EUR",
          defaultTimeSavedSeconds: content.defaultTimeSavedSeconds,
          tierBasisSeconds: 0,
          timeAccountIds,
        },
      ]),
    ),
    accounts: new Map(input.accounts.map(({ id }) => [id, { id, isActive: true, balanceSeconds: 0 }])),
  };
  let clock = start;
  const nextId: UuidGenerator = uuidv7Generator(() => clock);
  const executions: ExecutionRow[] = [];
  const entries: EntryRow[] = [];
  const complaintRows: ComplaintRow[] = [];
  /** Per run: its execution row and the seconds it drew from each account. */
  const recorded = new Map<
    number,
    { row: ExecutionRow; draws: { timeAccountId: string; seconds: number }[] }
  >();
  const iso = (at: number) => new Date(at).toISOString();

  const post = (at: number, entry: Omit<EntryRow, "id" | "balance_after_seconds" | "created_at">) => {
    const account = state.accounts.get(entry.time_account_id);
    if (!account) throw new Error(`Unknown time account ${entry.time_account_id}.`);
    // Debits were taken off by the pricing already; top-ups and refunds are added here.
    if (entry.seconds > 0) account.balanceSeconds += entry.seconds;
    entries.push({
      ...entry,
      id: nextId(),
      balance_after_seconds: account.balanceSeconds,
      created_at: iso(at),
    });
  };

  for (const event of events) {
    clock = event.at;
    if (event.order === 0) {
      post(event.at, {
        time_account_id: event.topUp.account,
        kind: "top_up",
        seconds: event.topUp.seconds,
        execution_id: null,
        actor_user_id: null,
        actor_api_key_id: null,
        reason: event.topUp.reason,
      });
    } else if (event.order === 1) {
      const run = runs[event.run] as Run;
      const program = input.programs[run.program];
      if (!program) throw new Error("A run names no program.");
      const priced = priceExecution(state, program.id, run.seconds);
      const paidAt = paidAtOf(run.at);
      const paid = paidAt <= now;
      const row: ExecutionRow = {
        id: nextId(),
        customer_program_id: program.id,
        customer_id: input.customerId,
        reported_by_user_id: input.reporter.userId,
        api_key_id: input.reporter.apiKeyId,
        time_saved_seconds: priced.timeSavedSeconds,
        covered_seconds: priced.coveredSeconds,
        billed_seconds: priced.billedSeconds,
        price_per_second: formatMoney(priced.pricePerSecond),
        price: formatMoney(priced.price),
        currency: priced.currency,
        payment_status: paid ? "paid" : "not_paid",
        paid_at: paid ? iso(paidAt) : null,
        created_at: iso(run.at),
        updated_at: iso(paid ? paidAt : run.at),
      };
      executions.push(row);
      recorded.set(event.run, { row, draws: priced.draws });
      for (const draw of priced.draws) {
        const account = state.accounts.get(draw.timeAccountId);
        entries.push({
          id: nextId(),
          time_account_id: draw.timeAccountId,
          kind: "execution_debit",
          seconds: -draw.seconds,
          // A run draws from each account at most once, so the balance after the pricing is this entry's.
          balance_after_seconds: account?.balanceSeconds ?? 0,
          execution_id: row.id,
          actor_user_id: input.reporter.userId,
          actor_api_key_id: input.reporter.apiKeyId,
          reason: null,
          created_at: iso(run.at),
        });
      }
    } else {
      const found = recorded.get(event.complaint.run);
      if (!found) throw new Error("A complaint about a run not recorded yet.");
      const { row, draws } = found;
      // As `fileComplaint`: refund what the run drew, revoke it, take it out of the tier basis.
      for (const draw of draws) {
        post(event.at, {
          time_account_id: draw.timeAccountId,
          kind: "refund",
          seconds: draw.seconds,
          execution_id: row.id,
          actor_user_id: input.complainantUserId,
          actor_api_key_id: null,
          reason: COMPLAINT_REFUND_REASON,
        });
      }
      const program = state.programs.get(row.customer_program_id);
      if (program) program.tierBasisSeconds = Math.max(program.tierBasisSeconds - row.time_saved_seconds, 0);
      row.payment_status = "revoked";
      row.paid_at = null;
      row.updated_at = iso(event.at);
      const resolved = event.at < now - 30 * DAY;
      complaintRows.push({
        id: nextId(),
        execution_id: row.id,
        customer_id: input.customerId,
        filed_by_user_id: input.complainantUserId,
        text: COMPLAINT_TEXTS[complaintRows.length % COMPLAINT_TEXTS.length] as string,
        status: resolved ? "accepted" : "open",
        resolved_at: resolved ? iso(event.at + 3 * DAY) : null,
        created_at: iso(event.at),
        updated_at: iso(resolved ? event.at + 3 * DAY : event.at),
      });
    }
  }

  const last = runs.at(-1);
  return {
    start: new Date(start),
    executions,
    entries,
    complaints: complaintRows,
    balances: new Map([...state.accounts].map(([id, account]) => [id, account.balanceSeconds])),
    tierBases: new Map([...state.programs].map(([id, program]) => [id, program.tierBasisSeconds])),
    lastExecutionAt: last ? new Date(last.at) : null,
  };
}

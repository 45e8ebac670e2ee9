/**
 * Pricing of executions (SPEC §7), as pure functions over the locked state of the customer programs
 * and time accounts involved. The service loads and locks that state, runs `priceExecution` for each
 * execution in order (a batch sees the effect of its earlier items), and writes the outcome.
 *
 *   1. charged = the given time saved, else the program's default;
 *   2. covered = drawn from the program's active time accounts in their order, as far as balances go;
 *   3. billed = charged − covered; rate = the fixed price, or the tier rate from the seconds saved
 *      BEFORE this execution (executions `not_paid` or `paid` of this customer program);
 *      price = billed × rate, exact to six places (rounded half up once, at the end).
 */
import { divideRounded, type Micros } from "../../lib/money.ts";
import type { PricingMode, Tier } from "../programs/schema.ts";
import { pricePerHourOf, ratePerSecondOf, tierFor } from "../programs/tiers.ts";

export interface PricingProgram {
  id: string;
  pricingMode: PricingMode;
  /** The fixed rate. */
  pricePerSecond: Micros;
  /** The effective tier table (ascending, from 0 hours). */
  tiers: readonly Tier[];
  currency: string;
  defaultTimeSavedSeconds: number;
  /** Seconds saved so far by `not_paid` and `paid` executions; moves on with each execution. */
  tierBasisSeconds: number;
  /** The time accounts to draw from, in order. */
  timeAccountIds: readonly string[];
}

export interface PricingAccount {
  id: string;
  isActive: boolean;
  balanceSeconds: number;
}

export interface PricingState {
  programs: Map<string, PricingProgram>;
  accounts: Map<string, PricingAccount>;
}

export interface Draw {
  timeAccountId: string;
  seconds: number;
}

export interface PricedExecution {
  customerProgramId: string;
  timeSavedSeconds: number;
  coveredSeconds: number;
  billedSeconds: number;
  /** The rate applied, stored with the execution. */
  pricePerSecond: Micros;
  price: Micros;
  currency: string;
  draws: Draw[];
  /** What the program's active time accounts hold after this execution. */
  remainingBalanceSeconds: number;
}

/** The rate for billed seconds: what is stored, and how the price is computed from it exactly. */
function rateOf(program: PricingProgram): { perSecond: Micros; priceOf: (seconds: number) => Micros } {
  if (program.pricingMode === "fixed") {
    return {
      perSecond: program.pricePerSecond,
      priceOf: (seconds) => BigInt(seconds) * program.pricePerSecond,
    };
  }
  // The tier's hourly price is exact; its per-second rate (230/3600) is not, so the price is
  // computed from the hourly price and rounded once: an hour at 230 €/h costs exactly 230 €.
  const tier = tierFor(program.tiers, program.tierBasisSeconds);
  const perHour = pricePerHourOf(tier);
  return {
    perSecond: ratePerSecondOf(tier),
    priceOf: (seconds) => divideRounded(BigInt(seconds) * perHour, 3600n),
  };
}

/**
 * Prices one execution of `programId` and applies it to `state` (balances drawn, tier basis moved
 * on). `timeSavedSeconds` undefined means the program's default.
 */
export function priceExecution(
  state: PricingState,
  programId: string,
  timeSavedSeconds: number | undefined,
): PricedExecution {
  const program = state.programs.get(programId);
  if (!program) throw new Error(`Customer program ${programId} is not in the pricing state.`);
  const charged = timeSavedSeconds ?? program.defaultTimeSavedSeconds;

  const draws: Draw[] = [];
  let covered = 0;
  for (const accountId of program.timeAccountIds) {
    const account = state.accounts.get(accountId);
    if (!account?.isActive || account.balanceSeconds <= 0) continue;
    const seconds = Math.min(account.balanceSeconds, charged - covered);
    if (seconds <= 0) break;
    account.balanceSeconds -= seconds;
    covered += seconds;
    draws.push({ timeAccountId: accountId, seconds });
  }

  const billed = charged - covered;
  const rate = rateOf(program);
  program.tierBasisSeconds += charged;

  let remaining = 0;
  for (const accountId of program.timeAccountIds) {
    const account = state.accounts.get(accountId);
    if (account?.isActive) remaining += account.balanceSeconds;
  }

  return {
    customerProgramId: program.id,
    timeSavedSeconds: charged,
    coveredSeconds: covered,
    billedSeconds: billed,
    pricePerSecond: rate.perSecond,
    price: rate.priceOf(billed),
    currency: program.currency,
    draws,
    remainingBalanceSeconds: remaining,
  };
}

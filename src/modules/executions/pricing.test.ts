import { describe, expect, it } from "vitest";
import { formatMoney, parseMoney } from "../../lib/money.ts";
import { DEFAULT_TIERS } from "../programs/tiers.ts";
import { type PricingAccount, type PricingProgram, type PricingState, priceExecution } from "./pricing.ts";

function program(overrides: Partial<PricingProgram> = {}): PricingProgram {
  return {
    id: "program",
    pricingMode: "tiered",
    pricePerSecond: 0n,
    tiers: DEFAULT_TIERS,
    currency: "EUR",
    defaultTimeSavedSeconds: 600,
    tierBasisSeconds: 0,
    timeAccountIds: [],
    ...overrides,
  };
}

function state(p: PricingProgram, accounts: PricingAccount[] = []): PricingState {
  return {
    programs: new Map([[p.id, p]]),
    accounts: new Map(accounts.map((account) => [account.id, account])),
  };
}

const account = (id: string, balanceSeconds: number, isActive = true): PricingAccount => ({
  id,
  balanceSeconds,
  isActive,
});

/** The outcome with money as strings, as the API shows it. */
function priced(s: PricingState, timeSaved?: number) {
  const result = priceExecution(s, "program", timeSaved);
  return { ...result, pricePerSecond: formatMoney(result.pricePerSecond), price: formatMoney(result.price) };
}

describe("pricing an execution", () => {
  it("costs nothing when a time account covers it fully", () => {
    const s = state(program({ timeAccountIds: ["a"] }), [account("a", 1000)]);
    expect(priced(s, 600)).toMatchObject({
      timeSavedSeconds: 600,
      coveredSeconds: 600,
      billedSeconds: 0,
      price: "0.000000",
      pricePerSecond: "0.063889",
      draws: [{ timeAccountId: "a", seconds: 600 }],
      remainingBalanceSeconds: 400,
    });
    expect(s.accounts.get("a")?.balanceSeconds).toBe(400);
  });

  it("bills what the accounts cannot cover, at the first tier (230 €/h)", () => {
    const s = state(program({ timeAccountIds: ["a"] }), [account("a", 1800)]);
    // 3600 s saved, 1800 covered, 1800 billed: half an hour at 230 €/h.
    expect(priced(s, 3600)).toMatchObject({
      coveredSeconds: 1800,
      billedSeconds: 1800,
      price: "115.000000",
      remainingBalanceSeconds: 0,
    });
  });

  it("bills everything when the program has no time account", () => {
    const s = state(program());
    expect(priced(s, 60)).toMatchObject({
      coveredSeconds: 0,
      billedSeconds: 60,
      // 60 × 230 / 3600 = 3.8333…, rounded half up once.
      price: "3.833333",
      pricePerSecond: "0.063889",
      draws: [],
      remainingBalanceSeconds: 0,
    });
  });

  it("uses the program's default time saved when none is given", () => {
    const s = state(program({ defaultTimeSavedSeconds: 90 }));
    expect(priced(s)).toMatchObject({ timeSavedSeconds: 90, billedSeconds: 90, price: "5.750000" });
  });

  it("applies a fixed price per second exactly", () => {
    const s = state(program({ pricingMode: "fixed", pricePerSecond: parseMoney("0.05") }));
    expect(priced(s, 1234)).toMatchObject({ price: "61.700000", pricePerSecond: "0.050000" });
  });

  it("ignores the hours saved under fixed pricing", () => {
    const s = state(
      program({ pricingMode: "fixed", pricePerSecond: parseMoney("0.000001"), tierBasisSeconds: 200 * 3600 }),
    );
    expect(priced(s, 86400)).toMatchObject({ price: "0.086400", pricePerSecond: "0.000001" });
  });

  it("switches to 200 €/h at exactly 6 hours saved before the execution", () => {
    const justBelow = state(program({ tierBasisSeconds: 6 * 3600 - 1 }));
    expect(priced(justBelow, 3600)).toMatchObject({ price: "230.000000", pricePerSecond: "0.063889" });
    const atSix = state(program({ tierBasisSeconds: 6 * 3600 }));
    expect(priced(atSix, 3600)).toMatchObject({ price: "200.000000", pricePerSecond: "0.055556" });
  });

  it("switches to 30 €/h at exactly 45 hours and stays there", () => {
    const justBelow = state(program({ tierBasisSeconds: 45 * 3600 - 1 }));
    expect(priced(justBelow, 3600)).toMatchObject({ price: "50.000000" });
    const atFortyFive = state(program({ tierBasisSeconds: 45 * 3600 }));
    expect(priced(atFortyFive, 3600)).toMatchObject({ price: "30.000000", pricePerSecond: "0.008333" });
    const far = state(program({ tierBasisSeconds: 1000 * 3600 }));
    expect(priced(far, 7200)).toMatchObject({ price: "60.000000" });
  });

  it("prices by the hours saved BEFORE this execution, then moves the basis on", () => {
    const s = state(program({ tierBasisSeconds: 5 * 3600 }));
    // This execution takes the basis from 5 h to 7 h, but is priced at the 0 h tier.
    expect(priced(s, 7200)).toMatchObject({ price: "460.000000" });
    expect(s.programs.get("program")?.tierBasisSeconds).toBe(7 * 3600);
    // The next one is priced at the 6 h tier.
    expect(priced(s, 3600)).toMatchObject({ price: "200.000000" });
  });

  it("counts covered seconds towards the tier basis too", () => {
    const s = state(program({ timeAccountIds: ["a"] }), [account("a", 6 * 3600)]);
    expect(priced(s, 6 * 3600)).toMatchObject({ billedSeconds: 0, price: "0.000000" });
    expect(priced(s, 3600)).toMatchObject({ billedSeconds: 3600, price: "200.000000" });
  });

  it("draws from several accounts in the program's order", () => {
    const s = state(program({ timeAccountIds: ["second", "first"] }), [
      account("first", 500),
      account("second", 100),
    ]);
    expect(priced(s, 400)).toMatchObject({
      coveredSeconds: 400,
      draws: [
        { timeAccountId: "second", seconds: 100 },
        { timeAccountId: "first", seconds: 300 },
      ],
      remainingBalanceSeconds: 200,
    });
  });

  it("skips an inactive time account and does not count it as remaining", () => {
    const s = state(program({ timeAccountIds: ["old", "new"] }), [
      account("old", 10_000, false),
      account("new", 100),
    ]);
    expect(priced(s, 300)).toMatchObject({
      coveredSeconds: 100,
      billedSeconds: 200,
      draws: [{ timeAccountId: "new", seconds: 100 }],
      remainingBalanceSeconds: 0,
    });
    expect(s.accounts.get("old")?.balanceSeconds).toBe(10_000);
  });

  it("uses a program's own tier table", () => {
    const tiers = [
      { fromHours: 0, pricePerHour: "100.000000" },
      { fromHours: 1, pricePerHour: "10.000000" },
    ];
    const s = state(program({ tiers, tierBasisSeconds: 3599 }));
    expect(priced(s, 36)).toMatchObject({ price: "1.000000" });
    expect(priced(s, 360)).toMatchObject({ price: "1.000000", pricePerSecond: "0.002778" });
  });
});

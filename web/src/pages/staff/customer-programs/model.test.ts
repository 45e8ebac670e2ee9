import { describe, expect, it } from "vitest";
import {
  type CustomerProgramForm,
  changePayloadOf,
  createPayloadOf,
  customerProgramFormOf,
  customerProgramProblems,
  decimalOf,
  hasProblems,
  moved,
  perHourOf,
  plainDecimal,
  tierRow,
} from "./model";

const base: CustomerProgramForm = {
  programId: "7b0c1f8e-4f3a-4c55-9a59-2f1d8c6a1b10",
  defaultTimeSavedSeconds: "300",
  pricingMode: "tiered",
  pricePerSecond: "",
  tiers: null,
  currency: "EUR",
  isActive: true,
  timeAccountIds: ["a", "b"],
};

describe("customer program form", () => {
  it("reads decimals with a point or a German comma, at most six places, never as floats", () => {
    expect(decimalOf("0,05")).toBe("0.05");
    expect(decimalOf(" 0.063889 ")).toBe("0.063889");
    expect(decimalOf("230")).toBe("230");
    expect(decimalOf("0.0000001")).toBeNull();
    expect(decimalOf("-1")).toBeNull();
    expect(decimalOf("1e3")).toBeNull();
    expect(decimalOf("")).toBeNull();
    expect(perHourOf("0.063889")).toBe("230.000400");
    expect(perHourOf("0.05")).toBe("180.000000");
    expect(plainDecimal("0.050000")).toBe("0.05");
    expect(plainDecimal("230.000000")).toBe("230");
  });

  it("checks the tier table like the server: first at 0 hours, strictly ascending, prices as decimals", () => {
    const form = {
      ...base,
      tiers: [tierRow("1", "230"), tierRow("10", "x"), tierRow("10", "150"), tierRow("2.5", "100")],
    };
    expect(customerProgramProblems(form).tiers).toEqual({
      0: { fromHours: "firstAtZero" },
      1: { pricePerHour: "decimal" },
      2: { fromHours: "ascending" },
      3: { fromHours: "wholeHours" },
    });
    expect(customerProgramProblems({ ...form, tiers: [] }).table).toBe("empty");
    expect(
      hasProblems(customerProgramProblems({ ...form, tiers: [tierRow("0", "230"), tierRow("6", "200,5")] })),
    ).toBe(false);
    // The default table and fixed pricing have no rows to check.
    expect(hasProblems(customerProgramProblems(base))).toBe(false);
    expect(customerProgramProblems({ ...form, pricingMode: "fixed", pricePerSecond: "0,05" }).tiers).toEqual(
      {},
    );
  });

  it("requires a program, whole seconds, a price for fixed pricing and a currency code", () => {
    const problems = customerProgramProblems({
      ...base,
      programId: null,
      defaultTimeSavedSeconds: "1.5",
      pricingMode: "fixed",
      pricePerSecond: "",
      currency: "eur",
    });
    expect(problems.fields).toEqual({
      programId: "required",
      defaultTimeSavedSeconds: "wholeSeconds",
      pricePerSecond: "required",
      currency: "currency",
    });
    expect(customerProgramProblems({ ...base, defaultTimeSavedSeconds: "86401" }).fields).toEqual({
      defaultTimeSavedSeconds: "wholeSeconds",
    });
  });

  it("sends the tier table while tiered (null for the default) and the rate while fixed", () => {
    const tiered = { ...base, tiers: [tierRow("0", "230"), tierRow("6", "199,5")] };
    expect(createPayloadOf(tiered, "customer")).toEqual({
      programId: base.programId,
      customerId: "customer",
      defaultTimeSavedSeconds: 300,
      pricingMode: "tiered",
      tiers: [
        { fromHours: 0, pricePerHour: "230" },
        { fromHours: 6, pricePerHour: "199.5" },
      ],
      currency: "EUR",
      isActive: true,
      timeAccountIds: ["a", "b"],
    });
    expect(changePayloadOf(base)).toMatchObject({ tiers: null });
    const fixed = changePayloadOf({ ...tiered, pricingMode: "fixed", pricePerSecond: "0,05" });
    expect(fixed).toMatchObject({ pricingMode: "fixed", pricePerSecond: "0.05" });
    expect(fixed).not.toHaveProperty("tiers");
  });

  it("fills the form from a stored customer program, accounts in their order", () => {
    const form = customerProgramFormOf({
      program: { id: "p", name: "Rechnungseingang", description: "" },
      defaultTimeSavedSeconds: 1800,
      pricingMode: "tiered",
      pricePerSecond: "0.000000",
      tiers: [
        { fromHours: 0, pricePerHour: "230.000000" },
        { fromHours: 10, pricePerHour: "150.500000" },
      ],
      defaultTiers: false,
      currency: "EUR",
      isActive: false,
      timeAccounts: [
        { id: "second", name: "Reserve", isActive: true, balanceSeconds: 0, position: 1 },
        { id: "first", name: "Hauptkonto", isActive: true, balanceSeconds: 0, position: 0 },
      ],
    } as unknown as Parameters<typeof customerProgramFormOf>[0]);
    expect(form).toMatchObject({
      programId: "p",
      defaultTimeSavedSeconds: "1800",
      pricePerSecond: "0",
      isActive: false,
      timeAccountIds: ["first", "second"],
    });
    expect(form.tiers?.map(({ fromHours, pricePerHour }) => ({ fromHours, pricePerHour }))).toEqual([
      { fromHours: "0", pricePerHour: "230" },
      { fromHours: "10", pricePerHour: "150.5" },
    ]);
  });

  it("moves an entry up or down and keeps it at the ends", () => {
    expect(moved(["a", "b", "c"], 2, -1)).toEqual(["a", "c", "b"]);
    expect(moved(["a", "b", "c"], 0, 1)).toEqual(["b", "a", "c"]);
    expect(moved(["a", "b"], 0, -1)).toEqual(["a", "b"]);
    expect(moved(["a", "b"], 1, 1)).toEqual(["a", "b"]);
  });
});

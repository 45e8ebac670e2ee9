import { describe, expect, it } from "vitest";
import { changeBetween, decimalToMicros, FigureSum, percentChange } from "./figures.ts";

describe("figures", () => {
  it("add costs per currency exactly, beyond what numeric(14,6) holds", () => {
    const sum = new FigureSum()
      .add({
        currency: "EUR",
        executions: "2",
        time_saved_seconds: "120",
        covered_seconds: 20,
        billed_seconds: 100,
        price: "0.100000",
      })
      .add({
        currency: "EUR",
        executions: 1,
        time_saved_seconds: 60,
        covered_seconds: 0,
        billed_seconds: 60,
        price: "123456789.200001",
      })
      .add({
        currency: "CHF",
        executions: 1,
        time_saved_seconds: 1,
        covered_seconds: 0,
        billed_seconds: 1,
        price: "0.3",
      });
    expect(sum.view()).toEqual({
      executions: 4,
      timeSavedSeconds: 181,
      coveredSeconds: 20,
      billedSeconds: 161,
      costs: [
        { currency: "CHF", amount: "0.300000" },
        { currency: "EUR", amount: "123456789.300001" },
      ],
    });
  });

  it("ignore the empty row of an outer join", () => {
    const empty = new FigureSum().add({
      currency: null,
      executions: null,
      time_saved_seconds: null,
      covered_seconds: null,
      billed_seconds: null,
      price: null,
    });
    expect(empty.view()).toEqual({
      executions: 0,
      timeSavedSeconds: 0,
      coveredSeconds: 0,
      billedSeconds: 0,
      costs: [],
    });
  });

  it("parse signed decimals", () => {
    expect(decimalToMicros("-1.5")).toBe(-1_500_000n);
    expect(() => decimalToMicros("1e3")).toThrow(RangeError);
  });

  it("give the change in percent with one decimal, null when there was nothing before", () => {
    expect(percentChange(150, 100)).toBe(50);
    expect(percentChange(50, 100)).toBe(-50);
    expect(percentChange(1, 3)).toBe(-66.7);
    expect(percentChange(2, 3)).toBe(-33.3);
    expect(percentChange(4, 3)).toBe(33.3);
    expect(percentChange(0, 0)).toBeNull();
    expect(percentChange(5, 0)).toBeNull();
    expect(percentChange(0, 7)).toBe(-100);
    expect(percentChange(1_500_000n, 1_000_000n)).toBe(50);
  });

  it("compare costs currency by currency", () => {
    const row = (currency: string, price: string) => ({
      currency,
      executions: 1,
      time_saved_seconds: 1,
      covered_seconds: 0,
      billed_seconds: 1,
      price,
    });
    const current = new FigureSum().add(row("EUR", "3.000000")).add(row("USD", "1.000000"));
    const previous = new FigureSum().add(row("EUR", "2.000000")).add(row("EUR", "0.000000"));
    expect(changeBetween(current, previous).costs).toEqual([
      { currency: "EUR", percent: 50 },
      { currency: "USD", percent: null },
    ]);
    expect(changeBetween(current, previous).executions).toBe(0);
  });
});

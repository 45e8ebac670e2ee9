import { describe, expect, it } from "vitest";
import {
  changeView,
  chartRows,
  coveredPercent,
  formatAxisMoney,
  formatHours,
  hoursOf,
  isEmptySeries,
  peakOf,
  periodLabel,
  periodLongLabel,
  programBars,
  type SeriesPoint,
  sumCosts,
} from "./chart-data";

function point(period: string, timeSavedSeconds: number, costs: SeriesPoint["costs"] = []): SeriesPoint {
  return {
    period,
    executions: timeSavedSeconds > 0 ? 1 : 0,
    timeSavedSeconds,
    coveredSeconds: 0,
    billedSeconds: timeSavedSeconds,
    costs,
  };
}

describe("chart rows", () => {
  it("gives hours and one number per currency, zero where a point has none", () => {
    const { rows, currencies } = chartRows(
      [
        point("2026-11-01", 5400, [{ currency: "EUR", amount: "12.500000" }]),
        point("2026-11-02", 0),
        point("2026-11-03", 1800, [
          { currency: "CHF", amount: "1.250000" },
          { currency: "EUR", amount: "0.333333" },
        ]),
      ],
      "day",
      "de",
    );
    expect(currencies).toEqual(["CHF", "EUR"]);
    expect(rows).toEqual([
      { period: "2026-11-01", label: "1. Nov.", hours: 1.5, CHF: 0, EUR: 12.5 },
      { period: "2026-11-02", label: "2. Nov.", hours: 0, CHF: 0, EUR: 0 },
      { period: "2026-11-03", label: "3. Nov.", hours: 0.5, CHF: 1.25, EUR: 0.333333 },
    ]);
  });

  it("labels days and months in the locale", () => {
    expect(periodLabel("2026-11-24", "day", "en")).toBe("24 Nov");
    expect(periodLabel("2026-03", "month", "de")).toBe("März 26");
    expect(periodLongLabel("2026-03", "month", "en")).toBe("March 2026");
    expect(periodLongLabel("2026-11-24", "day", "de")).toBe("24.11.2026");
  });

  it("rounds hours to two places", () => {
    expect(hoursOf(3785)).toBe(1.05);
    expect(hoursOf(0)).toBe(0);
  });
});

describe("summaries of a series", () => {
  it("knows an empty series and the busiest point", () => {
    const points = [point("2026-11-01", 60), point("2026-11-02", 7200), point("2026-11-03", 7200)];
    expect(isEmptySeries(points)).toBe(false);
    expect(isEmptySeries([point("2026-11-01", 0)])).toBe(true);
    expect(peakOf(points)?.period).toBe("2026-11-02");
    expect(peakOf([point("2026-11-01", 0)])).toBeNull();
  });

  it("adds costs exactly per currency", () => {
    const points = [
      point("2026-11-01", 1, [{ currency: "EUR", amount: "0.100000" }]),
      point("2026-11-02", 1, [{ currency: "EUR", amount: "0.200000" }]),
      point("2026-11-03", 1, [{ currency: "CHF", amount: "1333.320000" }]),
    ];
    expect(sumCosts(points)).toEqual([
      { currency: "CHF", amount: "1333.320000" },
      { currency: "EUR", amount: "0.300000" },
    ]);
    expect(sumCosts([])).toEqual([]);
  });
});

describe("changeView", () => {
  it("shows a rise with its sign, good when more is better", () => {
    expect(changeView(12.5, "de")).toEqual({ direction: "up", tone: "good", text: "+12,5\u00a0%" });
    expect(changeView(-50, "en")).toEqual({ direction: "down", tone: "bad", text: "-50%" });
  });

  it("colours rising costs as bad and falling costs as good", () => {
    expect(changeView(7.4, "de", false).tone).toBe("bad");
    expect(changeView(-7.4, "de", false).tone).toBe("good");
  });

  it("has no text without a previous period and is neutral at zero", () => {
    expect(changeView(null, "de")).toEqual({ direction: null, tone: "neutral", text: null });
    expect(changeView(0, "de")).toEqual({ direction: "flat", tone: "neutral", text: "0\u00a0%" });
  });
});

describe("formats of the charts", () => {
  it("writes hours and axis money in the locale", () => {
    expect(formatHours(12.5, "de")).toBe("12,5 Std.");
    expect(formatHours(1234, "en")).toBe("1,234 h");
    expect(formatAxisMoney(1200, "EUR", "de")).toBe("1.200\u00a0€");
    expect(formatAxisMoney(0.45, "EUR", "de")).toBe("0,45\u00a0€");
    expect(formatAxisMoney(0, "EUR", "en")).toBe("€0");
  });

  it("computes the covered share and the program bars", () => {
    expect(coveredPercent({ coveredSeconds: 1800, timeSavedSeconds: 12785 })).toBe(14.1);
    expect(coveredPercent({ coveredSeconds: 0, timeSavedSeconds: 0 })).toBe(0);
    expect(
      programBars([
        { customerProgramId: "a", name: "Rechnungen", timeSavedSeconds: 9000 },
        { customerProgramId: "b", name: "Ruhend", timeSavedSeconds: 0 },
      ]),
    ).toEqual([{ id: "a", name: "Rechnungen", hours: 2.5 }]);
  });
});

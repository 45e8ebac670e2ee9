import { describe, expect, it } from "vitest";
import { apiQuery, filterFromQuery, filterToQuery, isBackwards } from "./filters";

const customer = "0199aaaa-0000-7000-8000-000000000001";
const program = "0199aaaa-0000-7000-8000-000000000002";

describe("the staff executions filter", () => {
  it("goes through the URL and back, dropping malformed values", () => {
    const query = new URLSearchParams(
      `customerId=${customer}&program=${program}&status=paid&from=2026-11-01&to=2026-11-30`,
    );
    const filter = filterFromQuery(query);
    expect(filter).toEqual({
      customerId: customer,
      program,
      status: "paid",
      from: "2026-11-01",
      to: "2026-11-30",
    });
    expect(filterToQuery(filter).toString()).toBe(query.toString());
    expect(filterFromQuery(new URLSearchParams("customerId=x&status=lost&from=1.11.2026"))).toEqual({});
  });

  it("has no program without a customer", () => {
    expect(filterFromQuery(new URLSearchParams(`program=${program}`))).toEqual({});
  });

  it("asks the API for Berlin days, the last one included", () => {
    expect(apiQuery({ customerId: customer, program, from: "2026-11-01", to: "2026-11-30" })).toEqual({
      customerId: customer,
      customerProgramId: program,
      from: "2026-10-31T23:00:00.000Z",
      to: "2026-11-30T23:00:00.000Z",
    });
    expect(isBackwards({ from: "2026-12-01", to: "2026-11-30" })).toBe(true);
    expect(isBackwards({ from: "2026-11-30", to: "2026-11-30" })).toBe(false);
  });
});

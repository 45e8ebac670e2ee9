import { describe, expect, it } from "vitest";
import { actionSuggestions, apiQuery, filterFromQuery, filterToQuery } from "./filters";

describe("the audit filter", () => {
  it("goes through the URL and back, dropping malformed values", () => {
    const query = new URLSearchParams(
      "action=time_account.&actor=ABCD-EFGH-JKLM&from=2026-11-01&to=2026-11-30",
    );
    expect(filterToQuery(filterFromQuery(query)).toString()).toBe(query.toString());
    expect(filterFromQuery(new URLSearchParams("customerId=nope&from=1.11.2026&action=%20"))).toEqual({});
  });

  it("asks for Berlin days up to the last millisecond of the last one", () => {
    expect(apiQuery({ action: "execution.deleted", from: "2026-11-01", to: "2026-11-30" })).toEqual({
      action: "execution.deleted",
      from: "2026-10-31T23:00:00.000Z",
      to: "2026-11-30T22:59:59.999Z",
    });
  });

  it("suggests the actions seen and their kinds", () => {
    expect(
      actionSuggestions(["time_account.adjusted", "time_account.topped_up", "time_account.adjusted"]),
    ).toEqual(["time_account.", "time_account.adjusted", "time_account.topped_up"]);
  });
});

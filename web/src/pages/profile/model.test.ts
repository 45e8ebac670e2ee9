import { describe, expect, it } from "vitest";
import { ApiError } from "../../api/client";
import {
  type Contract,
  deviceOf,
  mayRemovePasskey,
  orderContracts,
  orderSessions,
  passkeyProblem,
  type SessionEntry,
} from "./model";

describe("deviceOf", () => {
  it("names common browsers and systems", () => {
    expect(
      deviceOf(
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36 Edg/131.0",
      ),
    ).toEqual({ browser: "Edge", system: "Windows" });
    expect(
      deviceOf(
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
      ),
    ).toEqual({ browser: "Safari", system: "iOS" });
    expect(deviceOf("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0")).toEqual({
      browser: "Firefox",
      system: "Linux",
    });
    expect(
      deviceOf(
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131 Safari/537.36",
      ),
    ).toEqual({ browser: "Chrome", system: "Linux" });
  });

  it("gives up on what it does not know", () => {
    expect(deviceOf(null)).toBeNull();
    expect(deviceOf("curl/8.0")).toBeNull();
  });
});

it("orderSessions puts this session first, then the most recently active", () => {
  const session = (id: string, lastSeenAt: string, current = false) =>
    ({ id, lastSeenAt, current }) as SessionEntry;
  const ordered = orderSessions([
    session("old", "2026-11-01T10:00:00.000Z"),
    session("new", "2026-11-24T10:00:00.000Z"),
    session("this", "2026-11-20T10:00:00.000Z", true),
  ]);
  expect(ordered.map((entry) => entry.id)).toEqual(["this", "new", "old"]);
});

it("orderContracts puts active contracts first, by customer name", () => {
  const contract = (name: string, isActive: boolean) => ({ customer: { name }, isActive }) as Contract;
  const ordered = orderContracts([contract("Zeta", true), contract("Alpha", false), contract("Beta", true)]);
  expect(ordered.map((entry) => entry.customer.name)).toEqual(["Beta", "Zeta", "Alpha"]);
});

describe("passkeyProblem", () => {
  it("explains the server's refusal to remove the last passkey in the page's words", () => {
    expect(passkeyProblem(new ApiError({ status: 409, detail: "You cannot remove your last passkey" }))).toBe(
      "lastOne",
    );
    expect(passkeyProblem(new ApiError({ status: 0 }))).toBeNull();
    expect(passkeyProblem(new ApiError({ status: 401 }))).toBeNull();
  });

  it("tells a cancelled ceremony from a key that is already registered", () => {
    expect(passkeyProblem({ name: "NotAllowedError" })).toBe("cancelled");
    expect(
      passkeyProblem({ name: "InvalidStateError", code: "ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED" }),
    ).toBe("alreadyRegistered");
    expect(passkeyProblem({ name: "NotSupportedError" })).toBe("unsupported");
    expect(passkeyProblem(new Error("boom"))).toBe("failed");
  });
});

it("mayRemovePasskey keeps the last one", () => {
  expect(mayRemovePasskey(1)).toBe(false);
  expect(mayRemovePasskey(2)).toBe(true);
});

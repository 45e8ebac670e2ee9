import { describe, expect, it } from "vitest";
import { ApiError } from "../api/client";
import { errorMessage } from "./QueryState";

/** The `common` texts a test needs, with i18next's interpolation and defaultValue. */
const texts: Record<string, string> = {
  "error.title": "Das hat nicht geklappt",
  "error.detail": "Meldung des Servers: {{detail}}",
  "error.network": "Server nicht erreichbar",
  "error.signedOut": "Sitzung abgelaufen",
  "error.forbidden": "Keine Berechtigung",
  "error.notFound": "Gibt es nicht",
  "error.server": "Serverfehler",
  "error.unknown": "Unerwartet",
  "problem.insufficient_balance": "Guthaben reicht nicht",
};
const t = (key: string, options?: Record<string, unknown>) =>
  (texts[key] ?? (options?.defaultValue as string | undefined) ?? key).replace(/\{\{(\w+)\}\}/g, (_, name) =>
    String(options?.[name] ?? ""),
  );

describe("API errors in the user's words", () => {
  it("uses the sentence for a known problem code", () => {
    expect(
      errorMessage(
        new ApiError({ status: 409, code: "insufficient_balance", detail: "Balance too low." }),
        t,
      ),
    ).toBe("Guthaben reicht nicht");
  });

  it("uses the status's sentence for a refusal, a missing thing, the server and the network", () => {
    expect(errorMessage(new ApiError({ status: 403, code: "forbidden", detail: "No." }), t)).toBe(
      "Keine Berechtigung",
    );
    expect(errorMessage(new ApiError({ status: 404, code: "not_found" }), t)).toBe("Gibt es nicht");
    expect(errorMessage(new ApiError({ status: 503, code: "service_unavailable" }), t)).toBe("Serverfehler");
    expect(errorMessage(new ApiError({ status: 0 }), t)).toBe("Server nicht erreichbar");
    expect(errorMessage(new ApiError({ status: 401, code: "unauthorized" }), t)).toBe("Sitzung abgelaufen");
    expect(errorMessage(new Error("boom"), t)).toBe("Unerwartet");
  });

  it("marks the server's English detail as the server's when no sentence of ours fits", () => {
    expect(
      errorMessage(new ApiError({ status: 409, code: "conflict_x", detail: "Already revoked." }), t),
    ).toBe("Das hat nicht geklappt. Meldung des Servers: Already revoked.");
  });
});

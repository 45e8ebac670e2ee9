import { describe, expect, it } from "vitest";
import { destinationOf, type Notification, when } from "./notifications";

const base: Notification = {
  id: "0193a5c0-0000-7000-8000-000000000001",
  kind: "complaint_status_changed",
  complaintId: "0193a5c0-0000-7000-8000-0000000000c1",
  customerId: "0193a5c0-0000-7000-8000-0000000000a1",
  customerName: "Muster GmbH",
  complaintStatus: "rejected",
  createdAt: "2026-11-24T10:00:00.000Z",
  readAt: null,
};

describe("destinationOf", () => {
  it("opens the staff page of the complaint in the staff console, whatever the kind", () => {
    for (const kind of ["complaint_filed", "complaint_status_changed", "complaint_commented"] as const) {
      expect(destinationOf({ ...base, kind }, "staff")).toEqual({ to: `/complaints/${base.complaintId}` });
    }
  });

  it("opens the customer's complaint page in NADOO OS, and a filed complaint in the staff console", () => {
    expect(destinationOf(base, "os")).toEqual({ to: `/c/${base.customerId}/complaints/${base.complaintId}` });
    expect(destinationOf({ ...base, kind: "complaint_commented" }, "os")).toEqual({
      to: `/c/${base.customerId}/complaints/${base.complaintId}`,
    });
    expect(destinationOf({ ...base, kind: "complaint_filed" }, "os")).toEqual({
      href: `/staff/complaints/${base.complaintId}`,
    });
  });

  it("leads nowhere without a complaint", () => {
    expect(destinationOf({ ...base, complaintId: null }, "os")).toBeNull();
  });
});

describe("when", () => {
  const now = Date.parse("2026-11-24T12:00:00.000Z");
  it("is relative within a day, a date and time before", () => {
    expect(when("2026-11-24T11:59:30.000Z", "de", now)).toBe("jetzt");
    expect(when("2026-11-24T11:55:00.000Z", "de", now)).toBe("vor 5 Minuten");
    expect(when("2026-11-24T09:00:00.000Z", "en", now)).toBe("3 hours ago");
    expect(when("2026-11-22T09:00:00.000Z", "de", now)).toMatch(/^22\.11\.2026, \d{2}:00$/);
  });
});

/**
 * In-app notifications: written for the right people when a complaint is filed, changes status or
 * gets a comment (never for the author), and read and marked read over HTTP by their recipient only.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../app.ts";
import { createTestApp } from "../../testing/app.ts";
import { useTestDatabase } from "../../testing/database.ts";
import { call, holdRole, newUser, type SignedIn, signedIn } from "../../testing/people.ts";
import { newReportingWorld, type ReportingWorld, reportThroughApi } from "../../testing/reporting.ts";
import { users } from "../identity/schema.ts";
import { notifications } from "./schema.ts";

const database = useTestDatabase();
let app: App;
let world: ReportingWorld;
let reporter: SignedIn;
let colleague: SignedIn;
let staff: SignedIn;
let otherStaff: SignedIn;
let superuser: SignedIn;
let formerStaffId: string;

beforeAll(async () => {
  ({ app } = await createTestApp(database.handle));
  world = await newReportingWorld(database.db, 10_000);
  const managers = [];
  for (const name of ["Reporter", "Colleague"]) {
    const person = await newUser(database.db, name);
    await holdRole(database.db, person.id, world.customerId, "execution_manager", []);
    managers.push(await signedIn(database.db, person));
  }
  [reporter, colleague] = managers as [SignedIn, SignedIn];
  staff = await signedIn(database.db, await newUser(database.db, "Staff", { isStaff: true }));
  otherStaff = await signedIn(database.db, await newUser(database.db, "Other Staff", { isStaff: true }));
  superuser = await signedIn(database.db, await newUser(database.db, "Super", { isSuperuser: true }));
  const former = await newUser(database.db, "Former Staff", { isStaff: true });
  await database.db.update(users).set({ isActive: false }).where(eq(users.id, former.id));
  formerStaffId = former.id;
});

afterAll(async () => {
  await app.close();
});

async function file(who: SignedIn): Promise<string> {
  const id = await reportThroughApi(app, world, world.customerProgramId, 30);
  const response = await call(app, who, "POST", `/api/os/executions/${id}/complaints`, { text: "Falsch." });
  expect(response.statusCode).toBe(201);
  return response.json().complaint.id;
}

/** Who was notified about the complaint, as `kind:user` pairs, sorted. */
async function notified(complaintId: string, kind?: string): Promise<string[]> {
  const rows = await database.db
    .select()
    .from(notifications)
    .where(
      and(
        eq(notifications.complaintId, complaintId),
        kind ? eq(notifications.kind, kind as "complaint_filed") : undefined,
      ),
    );
  return rows.map((row) => row.userId).sort();
}

const ids = (...people: SignedIn[]) => people.map((person) => person.user.id).sort();

describe("who is notified", () => {
  it("a filed complaint: every active staff member and superuser, not the customer", async () => {
    const complaintId = await file(reporter);
    expect(await notified(complaintId, "complaint_filed")).toEqual(
      expect.arrayContaining(ids(staff, otherStaff, superuser)),
    );
    const everyone = await notified(complaintId);
    expect(everyone).not.toContain(reporter.user.id);
    expect(everyone).not.toContain(colleague.user.id);
    expect(everyone).not.toContain(formerStaffId);
    // Every notified user is an active staff member or superuser (other tests' staff included).
    const staffRows = await call(app, staff, "GET", "/api/os/notifications?limit=100");
    expect(staffRows.json().items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: "complaint_filed",
          complaintId,
          customerId: world.customerId,
          customerName: expect.any(String),
          complaintStatus: "open",
          readAt: null,
        }),
      ]),
    );
  });

  it("a complaint staff file themselves: the other staff, never the author", async () => {
    const complaintId = await file(staff);
    const filed = await notified(complaintId, "complaint_filed");
    expect(filed).toEqual(expect.arrayContaining(ids(otherStaff, superuser)));
    expect(filed).not.toContain(staff.user.id);
    // The author changes the status of their own complaint: nobody to tell.
    await call(app, staff, "POST", `/api/staff/complaints/${complaintId}/status`, { status: "in_progress" });
    expect(await notified(complaintId, "complaint_status_changed")).toEqual([]);
  });

  it("status changes and staff comments: the reporter; customer comments: the staff", async () => {
    const complaintId = await file(reporter);
    await call(app, staff, "POST", `/api/staff/complaints/${complaintId}/status`, { status: "in_progress" });
    await call(app, staff, "POST", `/api/staff/complaints/${complaintId}/status`, {
      status: "rejected",
      comment: "Korrekt gebucht.",
    });
    expect(await notified(complaintId, "complaint_status_changed")).toEqual(ids(reporter, reporter));

    await call(app, otherStaff, "POST", `/api/os/complaints/${complaintId}/comments`, {
      text: "Noch Fragen?",
    });
    expect(await notified(complaintId, "complaint_commented")).toEqual(ids(reporter));

    await call(app, colleague, "POST", `/api/os/complaints/${complaintId}/comments`, { text: "Ja." });
    const commented = await notified(complaintId, "complaint_commented");
    expect(commented).toEqual(expect.arrayContaining(ids(reporter, staff, otherStaff, superuser)));
    expect(commented).not.toContain(colleague.user.id);

    // The reporter's own comment notifies the staff, not the reporter again.
    const before = (await notified(complaintId)).filter((id) => id === reporter.user.id).length;
    await call(app, reporter, "POST", `/api/os/complaints/${complaintId}/comments`, { text: "Danke." });
    expect((await notified(complaintId)).filter((id) => id === reporter.user.id)).toHaveLength(before);

    const bell = await call(app, reporter, "GET", "/api/os/notifications?limit=100");
    const about = bell
      .json()
      .items.filter((item: { complaintId: string }) => item.complaintId === complaintId);
    expect(about.map((item: { kind: string }) => item.kind)).toEqual([
      "complaint_commented",
      "complaint_status_changed",
      "complaint_status_changed",
    ]);
    // The current status of the complaint, not the one when notified.
    expect(about.map((item: { complaintStatus: string }) => item.complaintStatus)).toEqual([
      "rejected",
      "rejected",
      "rejected",
    ]);
  });
});

describe("reading notifications", () => {
  it("lists only one's own, newest first, pages, filters by read, and counts the unread", async () => {
    const person = await signedIn(database.db, await newUser(database.db, "Fresh Staff", { isStaff: true }));
    const filed = [await file(reporter), await file(reporter), await file(reporter)];

    const count = await call(app, person, "GET", "/api/os/notifications/unread-count");
    expect(count.statusCode).toBe(200);
    expect(count.json()).toEqual({ count: 3 });

    const first = await call(app, person, "GET", "/api/os/notifications?limit=2");
    expect(first.statusCode).toBe(200);
    expect(first.json().unreadCount).toBe(3);
    expect(first.json().items.map((item: { complaintId: string }) => item.complaintId)).toEqual([
      filed[2],
      filed[1],
    ]);
    const next = await call(
      app,
      person,
      "GET",
      `/api/os/notifications?limit=2&cursor=${first.json().nextCursor}`,
    );
    expect(next.json().items.map((item: { complaintId: string }) => item.complaintId)).toEqual([filed[0]]);
    expect(next.json().nextCursor).toBeNull();

    const newest = first.json().items[0].id;
    const read = await call(app, person, "POST", `/api/os/notifications/${newest}/read`);
    expect(read.statusCode).toBe(204);
    expect((await call(app, person, "POST", `/api/os/notifications/${newest}/read`)).statusCode).toBe(204);
    expect((await call(app, person, "GET", "/api/os/notifications/unread-count")).json()).toEqual({
      count: 2,
    });
    const unread = await call(app, person, "GET", "/api/os/notifications?unread=true");
    expect(unread.json().items).toHaveLength(2);
    const seen = await call(app, person, "GET", "/api/os/notifications?unread=false");
    expect(seen.json().items).toEqual([expect.objectContaining({ id: newest, readAt: expect.any(String) })]);

    // Someone else's notification is not there for anyone else.
    expect((await call(app, staff, "POST", `/api/os/notifications/${newest}/read`)).statusCode).toBe(404);
    expect((await call(app, reporter, "POST", `/api/os/notifications/${newest}/read`)).statusCode).toBe(404);
    const others = await call(app, reporter, "GET", "/api/os/notifications?limit=100");
    expect(others.json().items.map((item: { id: string }) => item.id)).not.toContain(newest);

    const staffUnread = (await call(app, staff, "GET", "/api/os/notifications/unread-count")).json().count;
    const all = await call(app, person, "POST", "/api/os/notifications/read-all");
    expect(all.statusCode).toBe(200);
    expect(all.json()).toEqual({ count: 2 });
    expect((await call(app, person, "POST", "/api/os/notifications/read-all")).json()).toEqual({ count: 0 });
    expect((await call(app, person, "GET", "/api/os/notifications/unread-count")).json()).toEqual({
      count: 0,
    });
    expect((await call(app, staff, "GET", "/api/os/notifications/unread-count")).json().count).toBe(
      staffUnread,
    );
  });

  it("refuses bad input and anonymous callers", async () => {
    for (const query of ["limit=0", "limit=101", "unread=maybe", "cursor=nonsense"]) {
      const response = await call(app, staff, "GET", `/api/os/notifications?${query}`);
      expect(response.statusCode).toBe(400);
      expect(response.headers["content-type"]).toContain("application/problem+json");
    }
    expect((await call(app, staff, "POST", "/api/os/notifications/not-a-uuid/read")).statusCode).toBe(400);
    expect((await call(app, null, "GET", "/api/os/notifications")).statusCode).toBe(401);
    expect((await call(app, null, "POST", "/api/os/notifications/read-all")).statusCode).toBe(401);
  });
});

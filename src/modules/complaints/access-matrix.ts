/**
 * The complaint routes' rows of the authorization matrix (src/modules/access/matrix.int.test.ts).
 * Filing revokes its execution, so it cannot be repeated for every actor on one execution: the matrix
 * checks filing on an unknown execution (404 for everyone signed in), and complaints.int.test.ts files
 * on a fresh execution per kind of actor (allowed, other roles, customer B, inactive contract). A
 * status change cannot repeat either (the same status again is 409): the matrix checks it on an
 * unknown complaint (403 for customer users, 404 for staff), workflow.int.test.ts on real ones.
 */
import { forA, isPlatform, type RowGroup, signedInAtAll } from "../../testing/matrix.ts";
import { newUser } from "../../testing/people.ts";
import { newCustomerProgram } from "../../testing/reporting.ts";
import { placeExecutions } from "../insights/test-fixtures.ts";
import { staffActor } from "../time-accounts/test-fixtures.ts";
import { fileComplaint } from "./service.ts";

interface Fixtures {
  unknownId: string;
  customerA: string;
  /** A not-paid execution of customer A. */
  executionId: string;
  /** An open complaint of customer A. */
  complaintId: string;
}

export const complaintsMatrix: RowGroup<Fixtures> = {
  setup: async ({ db, customerA, unknownId }) => {
    const customerProgramId = await newCustomerProgram(db, customerA);
    const [executionId = "", disputed = ""] = await placeExecutions(
      db,
      [60, 30].map((timeSavedSeconds) => ({
        customerId: customerA,
        customerProgramId,
        createdAt: new Date(),
        timeSavedSeconds,
      })),
    );
    const staff = staffActor(await newUser(db, "Complaint Matrix Staff", { isStaff: true }));
    const filed = await fileComplaint(db, staff, disputed, { text: "Not ours." });
    return { unknownId, customerA, executionId, complaintId: filed.complaint.id };
  },
  rows: [
    {
      method: "GET",
      route: "/api/os/executions/{executionId}/complaints",
      url: (f) => `/api/os/executions/${f.executionId}/complaints`,
      allowed: forA("execution_manager"),
    },
    {
      // Without the execution there is no customer to check authority for: everyone signed in gets 404.
      method: "GET",
      route: "/api/os/executions/{executionId}/complaints",
      variant: "unknown execution",
      url: (f) => `/api/os/executions/${f.unknownId}/complaints`,
      allowed: signedInAtAll,
      unknown: true,
    },
    {
      method: "POST",
      route: "/api/os/executions/{executionId}/complaints",
      variant: "unknown execution",
      url: (f) => `/api/os/executions/${f.unknownId}/complaints`,
      body: () => ({ text: "Never happened" }),
      allowed: signedInAtAll,
      unknown: true,
    },
    {
      method: "GET",
      route: "/api/os/customers/{customerId}/complaints",
      url: (f) => `/api/os/customers/${f.customerA}/complaints`,
      allowed: forA("execution_manager"),
    },
    {
      method: "GET",
      route: "/api/os/customers/{customerId}/complaints",
      variant: "unknown customer",
      url: (f) => `/api/os/customers/${f.unknownId}/complaints`,
      allowed: isPlatform,
      unknown: true,
    },
    {
      method: "GET",
      route: "/api/os/complaints/{complaintId}",
      url: (f) => `/api/os/complaints/${f.complaintId}`,
      allowed: forA("execution_manager"),
    },
    {
      method: "GET",
      route: "/api/os/complaints/{complaintId}",
      variant: "unknown complaint",
      url: (f) => `/api/os/complaints/${f.unknownId}`,
      allowed: signedInAtAll,
      unknown: true,
    },
    {
      method: "POST",
      route: "/api/os/complaints/{complaintId}/comments",
      url: (f) => `/api/os/complaints/${f.complaintId}/comments`,
      body: () => ({ text: "Any news?" }),
      allowed: forA("execution_manager"),
    },
    {
      method: "POST",
      route: "/api/os/complaints/{complaintId}/comments",
      variant: "unknown complaint",
      url: (f) => `/api/os/complaints/${f.unknownId}/comments`,
      body: () => ({ text: "Any news?" }),
      allowed: signedInAtAll,
      unknown: true,
    },
    {
      method: "GET",
      route: "/api/staff/complaints",
      url: () => "/api/staff/complaints",
      allowed: isPlatform,
    },
    {
      method: "GET",
      route: "/api/staff/complaints",
      variant: "filtered",
      url: (f) => `/api/staff/complaints?status=open&customerId=${f.customerA}&limit=5`,
      allowed: isPlatform,
    },
    {
      method: "POST",
      route: "/api/staff/complaints/{complaintId}/status",
      variant: "unknown complaint",
      url: (f) => `/api/staff/complaints/${f.unknownId}/status`,
      body: () => ({ status: "rejected", comment: "No." }),
      allowed: isPlatform,
      unknown: true,
    },
  ],
};

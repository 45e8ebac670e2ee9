/**
 * The time-account rows of the authorization matrix (src/modules/access/matrix.int.test.ts). Rows that
 * change something stay harmless to repeat for every actor: creating makes a new account, top-ups,
 * adjustments and transfers move one second at a time, and deactivation (idempotent) has an account
 * of its own.
 */
import { forA, isPlatform, type Row, type RowGroup, signedInAtAll } from "../../testing/matrix.ts";
import { timeAccountWith } from "./test-fixtures.ts";

interface Fixtures {
  customerA: string;
  unknownId: string;
  /** Customer A's account everyone reads and staff move seconds out of. */
  account: string;
  /** Customer A's second account, the target of transfers. */
  target: string;
  /** Customer A's account the deactivation row acts on. */
  retiring: string;
}

const tam = "time_account_manager";

/** The row for an existing account and the row for an unknown id, which is 404 for whoever may ask. */
function withUnknown(row: Row<Fixtures>, unknownAllowed: Row<Fixtures>["allowed"]): Row<Fixtures>[] {
  const unknownUrl = (f: Fixtures) => row.url({ ...f, account: f.unknownId, retiring: f.unknownId });
  return [
    row,
    { ...row, variant: "unknown time account", url: unknownUrl, allowed: unknownAllowed, unknown: true },
  ];
}

export const timeAccountsMatrix: RowGroup<Fixtures> = {
  setup: async ({ db, customerA, unknownId }) => ({
    customerA,
    unknownId,
    account: await timeAccountWith(db, customerA, 1_000_000, { name: "Matrix main" }),
    target: await timeAccountWith(db, customerA, 0, { name: "Matrix target" }),
    retiring: await timeAccountWith(db, customerA, 60, { name: "Matrix retiring" }),
  }),
  rows: [
    {
      method: "POST",
      route: "/api/os/customers/{customerId}/time-accounts",
      url: (f) => `/api/os/customers/${f.customerA}/time-accounts`,
      body: () => ({ name: "Created by the matrix" }),
      allowed: forA(tam, "create_time_accounts"),
    },
    {
      method: "POST",
      route: "/api/os/customers/{customerId}/time-accounts",
      variant: "unknown customer",
      url: (f) => `/api/os/customers/${f.unknownId}/time-accounts`,
      body: () => ({ name: "Nowhere" }),
      allowed: isPlatform,
      unknown: true,
    },
    {
      method: "GET",
      route: "/api/os/customers/{customerId}/time-accounts",
      url: (f) => `/api/os/customers/${f.customerA}/time-accounts`,
      allowed: forA(tam),
    },
    {
      method: "GET",
      route: "/api/os/customers/{customerId}/time-accounts",
      variant: "unknown customer",
      url: (f) => `/api/os/customers/${f.unknownId}/time-accounts`,
      allowed: isPlatform,
      unknown: true,
    },
    ...withUnknown(
      {
        method: "GET",
        route: "/api/os/time-accounts/{id}",
        url: (f) => `/api/os/time-accounts/${f.account}`,
        allowed: forA(tam),
      },
      signedInAtAll,
    ),
    ...withUnknown(
      {
        method: "GET",
        route: "/api/os/time-accounts/{id}/ledger",
        url: (f) => `/api/os/time-accounts/${f.account}/ledger?limit=5`,
        allowed: forA(tam),
      },
      signedInAtAll,
    ),
    ...withUnknown(
      {
        method: "POST",
        route: "/api/os/time-accounts/{id}/deactivate",
        url: (f) => `/api/os/time-accounts/${f.retiring}/deactivate`,
        allowed: forA(tam, "delete_time_accounts"),
      },
      signedInAtAll,
    ),
    ...withUnknown(
      {
        method: "POST",
        route: "/api/staff/time-accounts/{id}/top-ups",
        url: (f) => `/api/staff/time-accounts/${f.account}/top-ups`,
        body: () => ({ seconds: 1, reason: "Matrix" }),
        allowed: isPlatform,
      },
      isPlatform,
    ),
    ...withUnknown(
      {
        method: "POST",
        route: "/api/staff/time-accounts/{id}/adjustments",
        url: (f) => `/api/staff/time-accounts/${f.account}/adjustments`,
        body: () => ({ seconds: 1, reason: "Matrix" }),
        allowed: isPlatform,
      },
      isPlatform,
    ),
    ...withUnknown(
      {
        method: "POST",
        route: "/api/staff/time-accounts/{id}/transfers",
        url: (f) => `/api/staff/time-accounts/${f.account}/transfers`,
        body: (f) => ({ toTimeAccountId: f.target, seconds: 1 }),
        allowed: isPlatform,
      },
      isPlatform,
    ),
  ],
};

/**
 * HTTP for time accounts (SPEC §5): `/api/os/...` where time account managers see their customer's
 * accounts and ledgers, create and deactivate accounts; `/api/staff/time-accounts/...` where staff
 * top up, adjust and transfer. Session-authenticated, CSRF-protected; the services apply the policy.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Database } from "../../db/connection.ts";
import { requireActor } from "../access/http.ts";
import {
  adjustTimeAccount,
  MAX_CHANGE_SECONDS,
  topUpTimeAccount,
  transferBetweenTimeAccounts,
} from "./balance-changes.ts";
import { DEFAULT_LEDGER_PAGE, MAX_LEDGER_PAGE, readLedger } from "./ledger-read.ts";
import { createTimeAccount, deactivateTimeAccount, listTimeAccounts, viewTimeAccountAs } from "./service.ts";
import { entryView, timeAccountView, viewEntry, viewTimeAccount } from "./views.ts";

export interface TimeAccountRoutesOptions {
  db: Database;
}

const security = [{ session: [], csrf: [] }];
const os = { tags: ["os"], security };
const staff = { tags: ["staff"], security };

const idParams = z.object({ id: z.uuid() });
const customerParams = z.object({ customerId: z.uuid() });

const positiveSeconds = z.number().int().min(1).max(MAX_CHANGE_SECONDS);
const optionalReason = z.string().trim().max(500).nullable().optional();
const balanceChangeView = z.object({ entry: entryView, timeAccount: timeAccountView });

/** A top-up or adjustment as answered: the new entry and the account after it. */
function viewBalanceChange(change: {
  entry: Parameters<typeof viewEntry>[0];
  timeAccount: Parameters<typeof viewTimeAccount>[0];
}): z.infer<typeof balanceChangeView> {
  return { entry: viewEntry(change.entry), timeAccount: viewTimeAccount(change.timeAccount) };
}

export const timeAccountOsRoutes: FastifyPluginAsyncZod<TimeAccountRoutesOptions> = async (app, { db }) => {
  app.post(
    "/customers/:customerId/time-accounts",
    {
      schema: {
        ...os,
        summary: "Create a time account with balance 0 (time account managers with create_time_accounts)",
        params: customerParams,
        body: z.object({ name: z.string().trim().min(1).max(200) }),
        response: { 201: timeAccountView },
      },
    },
    async (request, reply) => {
      const actor = await requireActor(request, db);
      const account = await createTimeAccount(db, actor, request.params.customerId, request.body);
      return reply.code(201).send(viewTimeAccount(account));
    },
  );

  app.get(
    "/customers/:customerId/time-accounts",
    {
      schema: {
        ...os,
        summary: "The customer's time accounts, active first, then by name (time account managers)",
        params: customerParams,
        response: {
          200: z.object({
            items: z.array(timeAccountView),
            totalBalanceSeconds: z.number().int().describe("The sum over all listed accounts, active or not"),
          }),
        },
      },
    },
    async (request) => {
      const list = await listTimeAccounts(db, await requireActor(request, db), request.params.customerId);
      return { items: list.items.map(viewTimeAccount), totalBalanceSeconds: list.totalBalanceSeconds };
    },
  );

  app.get(
    "/time-accounts/:id",
    {
      schema: {
        ...os,
        summary: "One time account (time account managers of its customer)",
        params: idParams,
        response: { 200: timeAccountView },
      },
    },
    async (request) =>
      viewTimeAccount(await viewTimeAccountAs(db, await requireActor(request, db), request.params.id)),
  );

  app.post(
    "/time-accounts/:id/deactivate",
    {
      schema: {
        ...os,
        summary: "Deactivate a time account; balance and history stay (delete_time_accounts); idempotent",
        params: idParams,
        response: { 200: timeAccountView },
      },
    },
    async (request) =>
      viewTimeAccount(await deactivateTimeAccount(db, await requireActor(request, db), request.params.id)),
  );

  app.get(
    "/time-accounts/:id/ledger",
    {
      schema: {
        ...os,
        summary: "The account's ledger, newest first, in pages (time account managers of its customer)",
        params: idParams,
        querystring: z.object({
          cursor: z.uuid().optional().describe("nextCursor of the previous page"),
          limit: z.coerce.number().int().min(1).max(MAX_LEDGER_PAGE).default(DEFAULT_LEDGER_PAGE),
        }),
        response: { 200: z.object({ items: z.array(entryView), nextCursor: z.uuid().nullable() }) },
      },
    },
    async (request) => {
      const page = await readLedger(db, await requireActor(request, db), request.params.id, request.query);
      return { items: page.items.map(viewEntry), nextCursor: page.nextCursor };
    },
  );
};

export const timeAccountStaffRoutes: FastifyPluginAsyncZod<TimeAccountRoutesOptions> = async (
  app,
  { db },
) => {
  app.post(
    "/time-accounts/:id/top-ups",
    {
      schema: {
        ...staff,
        summary: "Top up an active time account (a purchase); 409 time_account_inactive otherwise",
        params: idParams,
        body: z.object({ seconds: positiveSeconds, reason: optionalReason }),
        response: { 201: balanceChangeView },
      },
    },
    async (request, reply) => {
      const change = await topUpTimeAccount(
        db,
        await requireActor(request, db),
        request.params.id,
        request.body,
      );
      return reply.code(201).send(viewBalanceChange(change));
    },
  );

  app.post(
    "/time-accounts/:id/adjustments",
    {
      schema: {
        ...staff,
        summary: "Correct a balance either way, with a reason; 409 insufficient_balance below zero",
        params: idParams,
        body: z.object({
          seconds: z
            .number()
            .int()
            .min(-MAX_CHANGE_SECONDS)
            .max(MAX_CHANGE_SECONDS)
            .refine((seconds) => seconds !== 0, "An adjustment of 0 seconds changes nothing.")
            .describe("Positive adds, negative takes away; not 0"),
          reason: z.string().trim().min(1).max(500),
        }),
        response: { 201: balanceChangeView },
      },
    },
    async (request, reply) => {
      const change = await adjustTimeAccount(
        db,
        await requireActor(request, db),
        request.params.id,
        request.body,
      );
      return reply.code(201).send(viewBalanceChange(change));
    },
  );

  app.post(
    "/time-accounts/:id/transfers",
    {
      schema: {
        ...staff,
        summary: "Move seconds to another (active) time account of the same customer",
        params: idParams,
        body: z.object({ toTimeAccountId: z.uuid(), seconds: positiveSeconds, reason: optionalReason }),
        response: {
          201: z.object({
            entries: z.array(entryView).describe("The source's entry, then the target's"),
            from: timeAccountView,
            to: timeAccountView,
          }),
        },
      },
    },
    async (request, reply) => {
      const actor = await requireActor(request, db);
      const transfer = await transferBetweenTimeAccounts(db, actor, request.params.id, request.body);
      return reply.code(201).send({
        entries: transfer.entries.map(viewEntry),
        from: viewTimeAccount(transfer.from),
        to: viewTimeAccount(transfer.to),
      });
    },
  );
};

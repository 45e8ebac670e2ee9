/**
 * HTTP for programs (SPEC §4): `/api/staff/programs` and `/api/staff/customer-programs` for staff,
 * and `/api/os/...` where program managers see their customer's programs, prices and tiers.
 * Session-authenticated, CSRF-protected; every decision is the services' policy check.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Database } from "../../db/connection.ts";
import { moneyField } from "../../lib/money.ts";
import { requireActor } from "../access/http.ts";
import { createProgram, deleteProgram, getProgram, listPrograms, updateProgram } from "./catalogue.ts";
import {
  createCustomerProgram,
  MAX_DEFAULT_TIME_SAVED_SECONDS,
  MAX_TIME_ACCOUNTS,
  updateCustomerProgram,
} from "./customer-program-changes.ts";
import {
  getCustomerProgramAsStaff,
  listCustomerProgramsAsStaff,
  listCustomerProgramsOfCustomer,
  viewCustomerProgram,
} from "./customer-programs.ts";
import { PRICING_MODES } from "./schema.ts";
import {
  customerProgramView,
  idList,
  programView,
  tierTable,
  viewCustomerProgram as toView,
  viewProgram,
} from "./views.ts";

export interface ProgramRoutesOptions {
  db: Database;
}

const security = [{ session: [], csrf: [] }];
const staff = { tags: ["staff"], security };
const os = { tags: ["os"], security };

const idParams = z.object({ id: z.uuid() });

const programFields = {
  name: z.string().trim().min(1).max(200),
  description: z.string().max(10_000),
  isActive: z.boolean(),
  dependencyIds: idList(100, "dependency").describe("The programs this one depends on (no cycles)"),
};

const customerProgramFields = {
  defaultTimeSavedSeconds: z
    .number()
    .int()
    .min(0)
    .max(MAX_DEFAULT_TIME_SAVED_SECONDS)
    .describe("Seconds charged per execution that reports none"),
  pricingMode: z.enum(PRICING_MODES),
  pricePerSecond: moneyField.describe("The rate of fixed pricing, e.g. 0.05"),
  tiers: tierTable.nullable(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, "Use three capital letters (ISO 4217), e.g. EUR.")
    .describe("ISO 4217"),
  isActive: z.boolean(),
  timeAccountIds: idList(MAX_TIME_ACCOUNTS, "time account").describe(
    "The customer's time accounts, drawn from in this order",
  ),
};

export const programStaffRoutes: FastifyPluginAsyncZod<ProgramRoutesOptions> = async (app, { db }) => {
  app.get(
    "/programs",
    {
      schema: {
        ...staff,
        summary: "The program catalogue, by name",
        querystring: z.object({ active: z.enum(["true", "false"]).optional() }),
        response: { 200: z.object({ items: z.array(programView) }) },
      },
    },
    async (request) => {
      const { active } = request.query;
      const filter = active === undefined ? {} : { active: active === "true" };
      const items = await listPrograms(db, await requireActor(request, db), filter);
      return { items: items.map(viewProgram) };
    },
  );

  app.post(
    "/programs",
    {
      schema: {
        ...staff,
        summary: "Add a program to the catalogue",
        body: z.object({
          name: programFields.name,
          description: programFields.description.optional(),
          isActive: programFields.isActive.optional(),
          dependencyIds: programFields.dependencyIds.optional(),
        }),
        response: { 201: programView },
      },
    },
    async (request, reply) => {
      const program = await createProgram(db, await requireActor(request, db), request.body);
      return reply.code(201).send(viewProgram(program));
    },
  );

  app.get(
    "/programs/:id",
    { schema: { ...staff, summary: "One program", params: idParams, response: { 200: programView } } },
    async (request) => viewProgram(await getProgram(db, await requireActor(request, db), request.params.id)),
  );

  app.patch(
    "/programs/:id",
    {
      schema: {
        ...staff,
        summary: "Change a program; dependencyIds replaces its dependencies",
        params: idParams,
        body: z.object(programFields).partial(),
        response: { 200: programView },
      },
    },
    async (request) => {
      const actor = await requireActor(request, db);
      return viewProgram(await updateProgram(db, actor, request.params.id, request.body));
    },
  );

  app.delete(
    "/programs/:id",
    {
      schema: {
        ...staff,
        summary: "Delete a program no customer program uses (otherwise 409: deactivate it instead)",
        params: idParams,
        response: { 204: z.null().describe("Deleted") },
      },
    },
    async (request, reply) => {
      await deleteProgram(db, await requireActor(request, db), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    "/customer-programs",
    {
      schema: {
        ...staff,
        summary: "Customer programs, optionally of one customer or program",
        querystring: z.object({ customerId: z.uuid().optional(), programId: z.uuid().optional() }),
        response: { 200: z.object({ items: z.array(customerProgramView) }) },
      },
    },
    async (request) => {
      const items = await listCustomerProgramsAsStaff(db, await requireActor(request, db), request.query);
      return { items: items.map(toView) };
    },
  );

  app.post(
    "/customer-programs",
    {
      schema: {
        ...staff,
        summary: "Install a program for a customer with its pricing and time accounts",
        body: z.object({
          programId: z.uuid(),
          customerId: z.uuid(),
          defaultTimeSavedSeconds: customerProgramFields.defaultTimeSavedSeconds,
          pricingMode: customerProgramFields.pricingMode.default("tiered"),
          pricePerSecond: customerProgramFields.pricePerSecond.default("0"),
          tiers: customerProgramFields.tiers.optional(),
          currency: customerProgramFields.currency.default("EUR"),
          isActive: customerProgramFields.isActive.default(true),
          timeAccountIds: customerProgramFields.timeAccountIds.default([]),
        }),
        response: { 201: customerProgramView },
      },
    },
    async (request, reply) => {
      const created = await createCustomerProgram(db, await requireActor(request, db), request.body);
      return reply.code(201).send(toView(created));
    },
  );

  app.get(
    "/customer-programs/:id",
    {
      schema: {
        ...staff,
        summary: "One customer program",
        params: idParams,
        response: { 200: customerProgramView },
      },
    },
    async (request) =>
      toView(await getCustomerProgramAsStaff(db, await requireActor(request, db), request.params.id)),
  );

  app.patch(
    "/customer-programs/:id",
    {
      schema: {
        ...staff,
        summary:
          "Change pricing, status or time accounts (tiers: null = default table; timeAccountIds replaces)",
        params: idParams,
        body: z.object(customerProgramFields).partial(),
        response: { 200: customerProgramView },
      },
    },
    async (request) => {
      const actor = await requireActor(request, db);
      return toView(await updateCustomerProgram(db, actor, request.params.id, request.body));
    },
  );
};

export const programOsRoutes: FastifyPluginAsyncZod<ProgramRoutesOptions> = async (app, { db }) => {
  app.get(
    "/customers/:customerId/customer-programs",
    {
      schema: {
        ...os,
        summary: "The customer's programs with prices and tiers (program managers)",
        params: z.object({ customerId: z.uuid() }),
        response: { 200: z.object({ items: z.array(customerProgramView) }) },
      },
    },
    async (request) => {
      const actor = await requireActor(request, db);
      const items = await listCustomerProgramsOfCustomer(db, actor, request.params.customerId);
      return { items: items.map(toView) };
    },
  );

  app.get(
    "/customer-programs/:id",
    {
      schema: {
        ...os,
        summary: "One customer program with prices and tiers (program managers of its customer)",
        params: idParams,
        response: { 200: customerProgramView },
      },
    },
    async (request) =>
      toView(await viewCustomerProgram(db, await requireActor(request, db), request.params.id)),
  );
};

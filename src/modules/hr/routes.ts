/**
 * `/api/os/...` for HR (SPEC §3): my roles and profile, employees and contracts of a customer,
 * enrolling new people, granting and revoking roles. Session-authenticated and CSRF-protected; every
 * decision is the services' policy check.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Database } from "../../db/connection.ts";
import { requireActor } from "../access/http.ts";
import { ABILITIES, ROLES } from "../access/roles.ts";
import { requireUser } from "../auth/http-session.ts";
import { enrolmentLinkView, userView, viewEnrolmentLink, viewUser } from "../auth/routes.ts";
import type { AuthSettings } from "../auth/settings.ts";
import { formatUserCode } from "../identity/user-code.ts";
import {
  addEmployee,
  changeContractStatus,
  type EmployeeEntry,
  enrolEmployee,
  issueEmployeeEnrolmentLink,
  listEmployees,
  type Person,
} from "./employees.ts";
import { type GrantOutcome, grantRole, listRoleHolders, revokeRole } from "./grants.ts";
import { myContracts, myRoles } from "./profile.ts";

export interface HrRoutesOptions {
  db: Database;
  settings: AuthSettings;
}

const tags = ["os"];
const security = [{ session: [], csrf: [] }];

const roleField = z.enum(ROLES).describe("One of the seven customer roles");
const abilityField = z.enum(ABILITIES);
const userCodeField = z
  .string()
  .trim()
  .min(1)
  .max(50)
  .describe("The person's user code, e.g. K7QM-3XTD-9PWA");

const heldRoleView = z.object({ role: roleField, abilities: z.array(abilityField) });
const customerRef = z.object({ id: z.uuid(), name: z.string() });
const personView = z.object({
  id: z.uuid(),
  code: z.string(),
  displayName: z.string(),
  isActive: z.boolean().describe("False when the account is deactivated"),
});
const employeeView = z.object({
  contractId: z.uuid(),
  customerId: z.uuid(),
  user: personView,
  isActive: z.boolean().describe("The contract's status; roles count only on active contracts"),
  startDate: z.iso.date(),
  endDate: z.iso.date().nullable(),
  deactivationDate: z.iso.date().nullable(),
  roles: z.array(heldRoleView),
});
const grantOutcomeView = z.object({
  user: personView,
  contractId: z.uuid().nullable(),
  role: roleField,
  abilities: z
    .array(abilityField)
    .nullable()
    .describe("Held after the change; null when the role is not held"),
  changed: z.boolean().describe("False when the request asked for what was already so"),
});
const holderView = z.object({
  user: personView,
  contractId: z.uuid(),
  contractActive: z.boolean(),
  role: roleField,
  abilities: z.array(abilityField),
});

const customerParams = z.object({ customerId: z.uuid() });
const contractParams = z.object({ contractId: z.uuid() });

function viewPerson(person: Person): z.infer<typeof personView> {
  return {
    id: person.id,
    code: formatUserCode(person.code),
    displayName: person.displayName,
    isActive: person.isActive,
  };
}

function viewEmployee(entry: EmployeeEntry): z.infer<typeof employeeView> {
  return {
    contractId: entry.contract.id,
    customerId: entry.contract.customerId,
    user: viewPerson(entry.user),
    isActive: entry.contract.isActive,
    startDate: entry.contract.startDate,
    endDate: entry.contract.endDate,
    deactivationDate: entry.contract.deactivationDate,
    roles: entry.roles,
  };
}

function viewGrantOutcome(outcome: GrantOutcome): z.infer<typeof grantOutcomeView> {
  return { ...outcome, user: viewPerson(outcome.user) };
}

export const hrRoutes: FastifyPluginAsyncZod<HrRoutesOptions> = async (app, { db, settings }) => {
  app.get(
    "/me/roles",
    {
      schema: {
        tags,
        summary: "My roles and abilities per customer (active contracts), for building menus",
        security,
        response: {
          200: z.object({
            user: userView,
            staff: z.boolean().describe("Staff and superusers may act for every customer"),
            superuser: z.boolean(),
            customers: z.array(
              z.object({ customerId: z.uuid(), customer: customerRef, roles: z.array(heldRoleView) }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const roles = await myRoles(db, await requireActor(request, db));
      return {
        ...roles,
        user: viewUser(requireUser(request).user),
        customers: roles.customers.map((entry) => ({ customerId: entry.customer.id, ...entry })),
      };
    },
  );

  app.get(
    "/me/profile",
    {
      schema: {
        tags,
        summary: "My profile: user data and every contract (active or not) with its roles",
        security,
        response: {
          200: z.object({
            user: userView,
            contracts: z.array(
              z.object({
                id: z.uuid(),
                customer: customerRef,
                isActive: z.boolean(),
                startDate: z.iso.date(),
                endDate: z.iso.date().nullable(),
                deactivationDate: z.iso.date().nullable(),
                roles: z.array(heldRoleView).describe("Roles on an inactive contract count for nothing"),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const actor = await requireActor(request, db);
      return { user: viewUser(requireUser(request).user), contracts: await myContracts(db, actor) };
    },
  );

  app.get(
    "/customers/:customerId/employees",
    {
      schema: {
        tags,
        summary: "Employees of a customer with contract status and roles (employee managers)",
        security,
        params: customerParams,
        response: { 200: z.object({ items: z.array(employeeView) }) },
      },
    },
    async (request) => {
      const entries = await listEmployees(db, await requireActor(request, db), request.params.customerId);
      return { items: entries.map(viewEmployee) };
    },
  );

  app.post(
    "/customers/:customerId/employees",
    {
      schema: {
        tags,
        summary: "Add an existing user by code as employee (add_employees); 201 new, 200 already one",
        security,
        params: customerParams,
        body: z.object({ userCode: userCodeField }),
        response: { 200: employeeView, 201: employeeView },
      },
    },
    async (request, reply) => {
      const actor = await requireActor(request, db);
      const { entry, created } = await addEmployee(
        db,
        actor,
        request.params.customerId,
        request.body.userCode,
      );
      return reply.code(created ? 201 : 200).send(viewEmployee(entry));
    },
  );

  app.post(
    "/customers/:customerId/enrolments",
    {
      schema: {
        tags,
        summary:
          "Enrol a new person: user, active contract and enrolment link (key managers with create_users)",
        security,
        params: customerParams,
        body: z.object({
          displayName: z.string().trim().min(1).max(200),
          language: z.enum(["de", "en"]).optional(),
        }),
        response: { 201: z.object({ employee: employeeView, enrolmentLink: enrolmentLinkView }) },
      },
    },
    async (request, reply) => {
      const actor = await requireActor(request, db);
      const { entry, enrolment } = await enrolEmployee(
        db,
        settings,
        actor,
        request.params.customerId,
        request.body,
      );
      return reply
        .code(201)
        .send({ employee: viewEmployee(entry), enrolmentLink: viewEnrolmentLink(enrolment) });
    },
  );

  app.post(
    "/customers/:customerId/enrolment-links",
    {
      schema: {
        tags,
        summary: "A new enrolment link for an employee who lost their keys (key managers with create_users)",
        security,
        params: customerParams,
        body: z.object({ userCode: userCodeField }),
        response: { 201: enrolmentLinkView },
      },
    },
    async (request, reply) => {
      const actor = await requireActor(request, db);
      const issued = await issueEmployeeEnrolmentLink(
        db,
        settings,
        actor,
        request.params.customerId,
        request.body.userCode,
      );
      return reply.code(201).send(viewEnrolmentLink(issued));
    },
  );

  for (const [action, active] of [
    ["deactivate", false],
    ["reactivate", true],
  ] as const) {
    app.post(
      `/contracts/:contractId/${action}`,
      {
        schema: {
          tags,
          summary: `${active ? "Reactivate" : "Deactivate"} a contract (deactivate_employees of its customer)`,
          security,
          params: contractParams,
          response: { 200: employeeView },
        },
      },
      async (request) => {
        const actor = await requireActor(request, db);
        return viewEmployee(await changeContractStatus(db, actor, request.params.contractId, active));
      },
    );
  }

  app.get(
    "/customers/:customerId/role-grants",
    {
      schema: {
        tags,
        summary: "Holders of the roles I may grant for this customer (optionally one role)",
        security,
        params: customerParams,
        querystring: z.object({ role: roleField.optional() }),
        response: { 200: z.object({ items: z.array(holderView) }) },
      },
    },
    async (request) => {
      const actor = await requireActor(request, db);
      const holders = await listRoleHolders(db, actor, request.params.customerId, request.query.role);
      return { items: holders.map((holder) => ({ ...holder, user: viewPerson(holder.user) })) };
    },
  );

  app.post(
    "/customers/:customerId/role-grants",
    {
      schema: {
        tags,
        summary: "Grant a role with abilities to a user code (you must hold the role with grant_role)",
        description:
          "The target gets an employee and an active contract if missing. Abilities you do not hold are " +
          "refused with 403 naming them, and nothing changes. Granting twice changes nothing.",
        security,
        params: customerParams,
        body: z.object({
          userCode: userCodeField,
          role: roleField,
          abilities: z.array(abilityField).max(10).default([]),
        }),
        response: { 200: grantOutcomeView },
      },
    },
    async (request) => {
      const actor = await requireActor(request, db);
      const outcome = await grantRole(db, actor, {
        ...request.body,
        customerId: request.params.customerId,
      });
      return viewGrantOutcome(outcome);
    },
  );

  app.post(
    "/customers/:customerId/role-grants/revoke",
    {
      schema: {
        tags,
        summary: "Revoke abilities of a role, or without abilities the whole role, from another person",
        security,
        params: customerParams,
        body: z.object({
          userCode: userCodeField,
          role: roleField,
          abilities: z.array(abilityField).max(10).optional().describe("Omit to remove the whole role"),
        }),
        response: { 200: grantOutcomeView },
      },
    },
    async (request) => {
      const actor = await requireActor(request, db);
      const outcome = await revokeRole(db, actor, {
        ...request.body,
        customerId: request.params.customerId,
      });
      return viewGrantOutcome(outcome);
    },
  );
};

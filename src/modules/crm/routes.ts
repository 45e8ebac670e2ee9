/**
 * `/api/os/customers/{customerId}`: the customer's master data and addresses for its customer managers
 * (and staff). Session-authenticated, CSRF-protected; the services apply the policy.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Database } from "../../db/connection.ts";
import { requireActor } from "../access/http.ts";
import { editCustomer, editCustomerAddress, viewCustomer } from "./customer-data.ts";
import type { Address } from "./schema.ts";
import type { CustomerWithAddresses } from "./service.ts";

export interface CrmRoutesOptions {
  db: Database;
}

const tags = ["os"];
const security = [{ session: [], csrf: [] }];

const text = (max: number) => z.string().trim().max(max).nullable().optional();
export const addressInput = z.object({
  addressedTo: text(200),
  street: text(200),
  houseNumber: text(20),
  postalCode: text(20),
  town: text(100),
  country: text(2).describe("ISO 3166-1 alpha-2, e.g. DE"),
});
export const addressView = z.object({
  addressedTo: z.string().nullable(),
  street: z.string().nullable(),
  houseNumber: z.string().nullable(),
  postalCode: z.string().nullable(),
  town: z.string().nullable(),
  country: z.string().nullable(),
});
export const customerView = z.object({
  id: z.uuid(),
  name: z.string(),
  customerNumber: z.string().nullable(),
  isActive: z.boolean(),
  billingAddress: addressView.nullable(),
  shippingAddress: addressView.nullable(),
});

export const customerParams = z.object({ customerId: z.uuid() });
export const addressParams = customerParams.extend({ kind: z.enum(["billing", "shipping"]) });

function viewAddress(address: Address | null): z.infer<typeof addressView> | null {
  if (!address) return null;
  const { addressedTo, street, houseNumber, postalCode, town, country } = address;
  return { addressedTo, street, houseNumber, postalCode, town, country };
}

export function viewCustomerWithAddresses(customer: CustomerWithAddresses): z.infer<typeof customerView> {
  return {
    id: customer.id,
    name: customer.name,
    customerNumber: customer.customerNumber,
    isActive: customer.isActive,
    billingAddress: viewAddress(customer.billingAddress),
    shippingAddress: viewAddress(customer.shippingAddress),
  };
}

export const crmRoutes: FastifyPluginAsyncZod<CrmRoutesOptions> = async (app, { db }) => {
  app.get(
    "/customers/:customerId",
    {
      schema: {
        tags,
        summary: "The customer's master data and addresses (customer managers)",
        security,
        params: customerParams,
        response: { 200: customerView },
      },
    },
    async (request) =>
      viewCustomerWithAddresses(
        await viewCustomer(db, await requireActor(request, db), request.params.customerId),
      ),
  );

  app.patch(
    "/customers/:customerId",
    {
      schema: {
        tags,
        summary: "Rename the customer (customer managers with edit_customer)",
        security,
        params: customerParams,
        body: z.object({ name: z.string().trim().min(1).max(200).optional() }),
        response: { 200: customerView },
      },
    },
    async (request) => {
      const actor = await requireActor(request, db);
      return viewCustomerWithAddresses(
        await editCustomer(db, actor, request.params.customerId, request.body),
      );
    },
  );

  app.put(
    "/customers/:customerId/addresses/:kind",
    {
      schema: {
        tags,
        summary: "Set the billing or shipping address (customer managers with edit_customer)",
        security,
        params: addressParams,
        body: addressInput,
        response: { 200: customerView },
      },
    },
    async (request) => {
      const actor = await requireActor(request, db);
      const { customerId, kind } = request.params;
      return viewCustomerWithAddresses(await editCustomerAddress(db, actor, customerId, kind, request.body));
    },
  );

  app.delete(
    "/customers/:customerId/addresses/:kind",
    {
      schema: {
        tags,
        summary: "Remove the billing or shipping address (customer managers with edit_customer)",
        security,
        params: addressParams,
        response: { 200: customerView },
      },
    },
    async (request) => {
      const actor = await requireActor(request, db);
      const { customerId, kind } = request.params;
      return viewCustomerWithAddresses(await editCustomerAddress(db, actor, customerId, kind, null));
    },
  );
};

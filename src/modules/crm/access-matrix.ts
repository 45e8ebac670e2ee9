/**
 * The CRM staff routes' rows of the authorization matrix (src/modules/access/matrix.int.test.ts):
 * customers and their addresses are staff business; customer users get 403 on all of it.
 */
import { isPlatform, type RowGroup } from "../../testing/matrix.ts";
import { systemActor } from "../audit/service.ts";
import { createCustomer } from "./service.ts";

interface Fixtures {
  customerId: string;
  unknownId: string;
}

const address = {
  street: "Hauptstraße",
  houseNumber: "1",
  postalCode: "10115",
  town: "Berlin",
  country: "DE",
};

export const crmMatrix: RowGroup<Fixtures> = {
  setup: async ({ db, unknownId }) => ({
    customerId: (await createCustomer(db, systemActor, { name: "Matrix Staff Customer" })).id,
    unknownId,
  }),
  rows: [
    {
      method: "GET",
      route: "/api/staff/customers",
      url: () => "/api/staff/customers?q=Matrix",
      allowed: isPlatform,
    },
    {
      method: "POST",
      route: "/api/staff/customers",
      url: () => "/api/staff/customers",
      body: () => ({ name: "Matrix Created Customer", billingAddress: address }),
      allowed: isPlatform,
    },
    {
      method: "GET",
      route: "/api/staff/customers/{customerId}",
      url: (f) => `/api/staff/customers/${f.customerId}`,
      allowed: isPlatform,
    },
    {
      method: "GET",
      route: "/api/staff/customers/{customerId}",
      variant: "unknown customer",
      url: (f) => `/api/staff/customers/${f.unknownId}`,
      allowed: isPlatform,
      unknown: true,
    },
    {
      method: "PATCH",
      route: "/api/staff/customers/{customerId}",
      url: (f) => `/api/staff/customers/${f.customerId}`,
      body: () => ({ name: "Matrix Staff Customer", customerNumber: "MATRIX-1", isActive: true }),
      allowed: isPlatform,
    },
    {
      method: "PATCH",
      route: "/api/staff/customers/{customerId}",
      variant: "unknown customer",
      url: (f) => `/api/staff/customers/${f.unknownId}`,
      body: () => ({ isActive: false }),
      allowed: isPlatform,
      unknown: true,
    },
    {
      method: "PUT",
      route: "/api/staff/customers/{customerId}/addresses/{kind}",
      url: (f) => `/api/staff/customers/${f.customerId}/addresses/billing`,
      body: () => address,
      allowed: isPlatform,
    },
    {
      method: "PUT",
      route: "/api/staff/customers/{customerId}/addresses/{kind}",
      variant: "unknown customer",
      url: (f) => `/api/staff/customers/${f.unknownId}/addresses/billing`,
      body: () => address,
      allowed: isPlatform,
      unknown: true,
    },
    {
      method: "DELETE",
      route: "/api/staff/customers/{customerId}/addresses/{kind}",
      url: (f) => `/api/staff/customers/${f.customerId}/addresses/shipping`,
      allowed: isPlatform,
    },
  ],
};

/**
 * The API key routes' rows of the authorization matrix (src/modules/access/matrix.int.test.ts).
 * Repeating a row is harmless: creating makes a new key each time, revoking is idempotent.
 */
import { forA, isPlatform, type RowGroup, signedInAtAll } from "../../testing/matrix.ts";
import { newUser } from "../../testing/people.ts";
import { newApiKey } from "../../testing/reporting.ts";
import { systemActor } from "../audit/service.ts";
import { ensureContract } from "../hr/service.ts";

interface Fixtures {
  customerA: string;
  unknownId: string;
  /** Owned by someone else, restricted to customer A. */
  restrictedKeyId: string;
  /** Owned by an employee of customer A, not restricted: only its owner and staff may revoke it. */
  unrestrictedKeyId: string;
}

export const apiKeysMatrix: RowGroup<Fixtures> = {
  setup: async ({ db, customerA, unknownId }) => {
    const owner = await newUser(db, "API Key Owner");
    await ensureContract(db, systemActor, owner.id, customerA);
    const restricted = await newApiKey(db, owner, { customerIds: [customerA] });
    const unrestricted = await newApiKey(db, owner);
    return { customerA, unknownId, restrictedKeyId: restricted.id, unrestrictedKeyId: unrestricted.id };
  },
  rows: [
    {
      method: "POST",
      route: "/api/os/api-keys",
      url: () => "/api/os/api-keys",
      body: (f) => ({ name: "Matrix key", customerIds: [f.customerA] }),
      allowed: forA("api_key_manager", "create_api_keys"),
    },
    { method: "GET", route: "/api/os/api-keys", url: () => "/api/os/api-keys", allowed: signedInAtAll },
    { method: "DELETE", route: "/api/os/api-keys", url: () => "/api/os/api-keys", allowed: signedInAtAll },
    {
      method: "DELETE",
      route: "/api/os/api-keys/{id}",
      variant: "key restricted to customer A",
      url: (f) => `/api/os/api-keys/${f.restrictedKeyId}`,
      allowed: forA("api_key_manager", "delete_api_keys"),
    },
    {
      method: "DELETE",
      route: "/api/os/api-keys/{id}",
      variant: "unrestricted key of an employee of A",
      url: (f) => `/api/os/api-keys/${f.unrestrictedKeyId}`,
      allowed: isPlatform,
    },
    {
      // Without the key there is no authority to check: everyone signed in gets 404.
      method: "DELETE",
      route: "/api/os/api-keys/{id}",
      variant: "unknown key",
      url: (f) => `/api/os/api-keys/${f.unknownId}`,
      allowed: signedInAtAll,
      unknown: true,
    },
    {
      method: "GET",
      route: "/api/os/customers/{customerId}/api-keys",
      url: (f) => `/api/os/customers/${f.customerA}/api-keys`,
      allowed: forA("api_key_manager"),
    },
    {
      method: "GET",
      route: "/api/os/customers/{customerId}/api-keys",
      variant: "unknown customer",
      url: (f) => `/api/os/customers/${f.unknownId}/api-keys`,
      allowed: isPlatform,
      unknown: true,
    },
  ],
};

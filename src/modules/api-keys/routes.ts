/**
 * `/api/os/...` for API keys (SPEC §6): create (the only response carrying the secret), list and
 * revoke my keys, and a customer's keys for its API key managers. Session-authenticated and
 * CSRF-protected; every decision is the service's policy check.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Database } from "../../db/connection.ts";
import { requireActor } from "../access/http.ts";
import { formatUserCode } from "../identity/user-code.ts";
import {
  type ApiKeyEntry,
  type ApiKeyRecord,
  createApiKey,
  listCustomerApiKeys,
  listMyApiKeys,
  MAX_NAME_LENGTH,
  type PersonRef,
  revokeAllMyApiKeys,
  revokeApiKey,
  statusOf,
} from "./service.ts";

const tags = ["os"];
const security = [{ session: [], csrf: [] }];

const personRef = z.object({ id: z.uuid(), code: z.string(), displayName: z.string() });
const apiKeyView = z.object({
  id: z.uuid(),
  name: z.string(),
  displayPrefix: z.string().describe("The start of the secret, to recognise the key (e.g. nadoo_AbC1)"),
  legacy: z.boolean().describe("Imported from the original system (a UUID key)"),
  restricted: z.boolean().describe("When true, the key works only for customerIds"),
  customerIds: z
    .array(z.uuid())
    .describe("The customers a restricted key is limited to; empty when not restricted"),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime().nullable(),
  lastUsedAt: z.iso.datetime().nullable().describe("Kept to the minute"),
  revokedAt: z.iso.datetime().nullable(),
  revokedBy: personRef.nullable(),
  status: z.enum(["active", "revoked", "expired"]),
});
const customerKeyView = apiKeyView.extend({
  owner: personRef,
  customerIds: z
    .array(z.uuid())
    .describe("This customer when the key is restricted to it; empty when not restricted"),
});

const viewPerson = (person: PersonRef): z.infer<typeof personRef> => ({
  ...person,
  code: formatUserCode(person.code),
});

function viewKey(
  key: ApiKeyRecord,
  customerIds: string[],
  revokedBy: PersonRef | null,
  now: Date,
): z.infer<typeof apiKeyView> {
  return {
    id: key.id,
    name: key.name,
    displayPrefix: key.displayPrefix,
    legacy: key.legacy,
    restricted: key.restricted,
    customerIds,
    createdAt: key.createdAt.toISOString(),
    expiresAt: key.expiresAt?.toISOString() ?? null,
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
    revokedAt: key.revokedAt?.toISOString() ?? null,
    revokedBy: revokedBy && viewPerson(revokedBy),
    status: statusOf(key, now),
  };
}

const viewEntry = (entry: ApiKeyEntry, now = new Date()) =>
  viewKey(entry.key, entry.customerIds, entry.revokedBy, now);

export const apiKeyRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (app, { db }) => {
  app.post(
    "/api-keys",
    {
      schema: {
        tags,
        summary: "Create an API key for myself; the response is the only time the secret is shown",
        description:
          "Every customer in customerIds needs you to be an API key manager with create_api_keys for it " +
          "(403 naming the others; nothing is created). Without customerIds, staff get an unrestricted " +
          "key and everyone else a key restricted to all customers they may create keys for. A key only " +
          "ever works for customers where its owner has an active contract.",
        security,
        body: z.object({
          name: z.string().trim().min(1).max(MAX_NAME_LENGTH),
          expiresAt: z.iso
            .datetime({ offset: true })
            .optional()
            .describe("In the future; omit for no expiry"),
          customerIds: z
            .array(z.uuid())
            .min(1)
            .max(100)
            .refine((ids) => new Set(ids).size === ids.length, "Each customer only once")
            .optional(),
        }),
        response: {
          201: z.object({
            apiKey: apiKeyView,
            secret: z.string().describe("nadoo_…: store it now, it cannot be shown again"),
          }),
        },
      },
    },
    async (request, reply) => {
      const actor = await requireActor(request, db);
      const { name, expiresAt, customerIds } = request.body;
      const created = await createApiKey(db, actor, {
        name,
        expiresAt: expiresAt === undefined ? undefined : new Date(expiresAt),
        customerIds,
      });
      return reply
        .code(201)
        .header("cache-control", "no-store")
        .send({
          apiKey: viewKey(created.key, created.customerIds, null, new Date()),
          secret: created.secret,
        });
    },
  );

  app.get(
    "/api-keys",
    {
      schema: {
        tags,
        summary: "My API keys, newest first (never the secrets)",
        security,
        response: { 200: z.object({ items: z.array(apiKeyView) }) },
      },
    },
    async (request) => {
      const entries = await listMyApiKeys(db, await requireActor(request, db));
      const now = new Date();
      return { items: entries.map((entry) => viewEntry(entry, now)) };
    },
  );

  app.delete(
    "/api-keys/:id",
    {
      schema: {
        tags,
        summary: "Revoke an API key (its owner, delete_api_keys for a customer it is restricted to, staff)",
        description: "Revoking a revoked key returns it unchanged.",
        security,
        params: z.object({ id: z.uuid() }),
        response: { 200: apiKeyView },
      },
    },
    async (request) => {
      const actor = await requireActor(request, db);
      return viewEntry(await revokeApiKey(db, actor, request.params.id));
    },
  );

  app.delete(
    "/api-keys",
    {
      schema: {
        tags,
        summary: "Revoke all my active API keys",
        security,
        response: { 200: z.object({ revoked: z.number().int().describe("How many keys were revoked") }) },
      },
    },
    async (request) => {
      const actor = await requireActor(request, db);
      return { revoked: await revokeAllMyApiKeys(db, actor) };
    },
  );

  app.get(
    "/customers/:customerId/api-keys",
    {
      schema: {
        tags,
        summary: "The API keys that work for a customer, with their owners (API key managers)",
        description:
          "Keys restricted to this customer, and unrestricted keys whose owner has an active contract " +
          "with it. Never the secrets.",
        security,
        params: z.object({ customerId: z.uuid() }),
        response: { 200: z.object({ items: z.array(customerKeyView) }) },
      },
    },
    async (request) => {
      const actor = await requireActor(request, db);
      const entries = await listCustomerApiKeys(db, actor, request.params.customerId);
      const now = new Date();
      return {
        items: entries.map((entry) => ({ ...viewEntry(entry, now), owner: viewPerson(entry.owner) })),
      };
    },
  );
};

/**
 * OpenAPI 3.1 generated from the routes' zod schemas: the UI at `/docs`, the document at
 * `/docs/openapi.json`. Must be registered before any route so every route is collected.
 */
import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import type { FastifyInstance } from "fastify";
import { jsonSchemaTransform, jsonSchemaTransformObject } from "fastify-type-provider-zod";

export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "NADOO API",
        description:
          "Execution management: the reporting API for programs, and the JSON API of NADOO OS. " +
          "Errors are `application/problem+json` (RFC 9457).",
        version,
      },
      components: {
        securitySchemes: {
          apiKey: {
            type: "http",
            scheme: "bearer",
            description: "An API key (`nadoo_…`) from NADOO OS, as `Authorization: Bearer <key>`.",
          },
          session: {
            type: "apiKey",
            in: "cookie",
            name: "nadoo_session",
            description: "The session cookie set at sign-in (`__Host-nadoo_session` when served over HTTPS).",
          },
          csrf: {
            type: "apiKey",
            in: "header",
            name: "x-csrf-token",
            description:
              "Required with the session cookie on POST, PUT, PATCH and DELETE; from GET /api/auth/me.",
          },
        },
      },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  // The UI loads only its own script files, so the app-wide helmet CSP fits it as it is.
  await app.register(fastifySwaggerUi, { routePrefix: "/docs" });
  app.get("/docs/openapi.json", { schema: { hide: true } }, async () => app.swagger());
}

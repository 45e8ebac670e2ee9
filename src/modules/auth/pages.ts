/**
 * The sign-in pages live in NADOO OS (`web/src/pages/auth`). Their old addresses, which people
 * have bookmarked and which enrolment links printed before carried, lead there: `/login` and
 * `/enrol/<token>` keep their query (`next`, `lang`, `signedOut`), `/account` opens the profile,
 * `/logout` the sign-in page (signing out is a POST with the CSRF token, never a GET). `/` leads to
 * NADOO OS until the public website takes it over.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";

/** The request's query string, `?` included, or nothing. */
function queryOf(request: FastifyRequest): string {
  const index = request.url.indexOf("?");
  return index === -1 ? "" : request.url.slice(index);
}

/** Temporary (302), so browsers do not remember them once `/` belongs to the website. */
function to(reply: FastifyReply, location: string) {
  return reply.header("cache-control", "no-store").redirect(location, 302);
}

export const authPages: FastifyPluginAsyncZod = async (app) => {
  const hide = { schema: { hide: true } };

  app.get("/", hide, async (_request, reply) => to(reply, "/os/"));
  app.get("/login", hide, async (request, reply) => to(reply, `/os/login${queryOf(request)}`));
  app.get(
    "/enrol/:token",
    { schema: { hide: true, params: z.object({ token: z.string().max(200) }) } },
    async (request, reply) =>
      to(reply, `/os/enrol/${encodeURIComponent(request.params.token)}${queryOf(request)}`),
  );
  app.get("/account", hide, async (_request, reply) => to(reply, "/os/profile"));
  app.get("/logout", hide, async (_request, reply) => to(reply, "/os/login"));
};

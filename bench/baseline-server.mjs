// The baseline of the ingest benchmark: a bare Fastify 5 app with one JSON POST route answering 201,
// no database and no logging, so the ratio to it shows what the product adds on top of HTTP + JSON.
import Fastify from "fastify";

const app = Fastify({ logger: false });

app.post("/executions", async (request, reply) => {
  const body = request.body ?? {};
  return reply.code(201).send({ id: "00000000-0000-7000-8000-000000000000", ...body });
});

await app.listen({ port: Number(process.env.PORT ?? 0), host: "127.0.0.1" });
process.stdout.write(`Server listening at http://127.0.0.1:${app.server.address().port}\n`);
process.once("SIGTERM", () => app.close().then(() => process.exit(0)));

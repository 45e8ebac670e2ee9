/**
 * `/api/staff/customers/{customerId}/statements/{month}`: a customer's monthly statement (SPEC §10)
 * as JSON for the staff console, as CSV and as PDF. Staff and superusers only; downloads are
 * audit-logged. Which executions count is statement.ts's rule.
 */
import { Readable } from "node:stream";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Database } from "../../db/connection.ts";
import { requireActor } from "../access/http.ts";
import { PAYMENT_STATUSES } from "../executions/schema.ts";
import { costView } from "../insights/figures.ts";
import { statementCsv, statementFileName } from "./csv.ts";
import { PDF_CHUNK_ROWS, renderStatementPdf } from "./pdf.ts";
import { loadStatement, recordStatementDownload, type Statement, statementExecutions } from "./statement.ts";

const staff = { tags: ["staff"], security: [{ session: [], csrf: [] }] };

const params = z.object({
  customerId: z.string().max(100),
  month: z.string().max(20).describe("YYYY-MM, e.g. 2026-10 (months in Europe/Berlin)"),
});

const seconds = z.number().int();

const statementView = z.object({
  customer: z.object({
    id: z.uuid(),
    name: z.string(),
    customerNumber: z.string().nullable(),
    billingAddress: z
      .object({
        addressedTo: z.string().nullable(),
        street: z.string().nullable(),
        houseNumber: z.string().nullable(),
        postalCode: z.string().nullable(),
        town: z.string().nullable(),
        country: z.string().nullable(),
      })
      .nullable(),
  }),
  month: z.string(),
  period: z.object({
    from: z.string().describe("Start of the month in Europe/Berlin (inclusive), ISO 8601 UTC"),
    to: z.string().describe("Start of the next month in Europe/Berlin (exclusive), ISO 8601 UTC"),
  }),
  lines: z
    .array(
      z.object({
        customerProgramId: z.uuid(),
        programName: z.string(),
        currency: z.string(),
        executions: z.number().int(),
        timeSavedSeconds: seconds,
        coveredSeconds: seconds,
        billedSeconds: seconds,
        amount: z.string().describe("Exact decimal with six places"),
      }),
    )
    .describe("Per customer program and currency, over the billed (not_paid and paid) executions"),
  totals: z.object({
    executions: z.number().int(),
    timeSavedSeconds: seconds,
    coveredSeconds: seconds,
    billedSeconds: seconds,
    amounts: z.array(costView),
  }),
  statusCounts: z
    .object(Object.fromEntries(PAYMENT_STATUSES.map((status) => [status, z.number().int()])))
    .describe("Executions of the month per payment status (revoked and refunded are not billed)"),
});

function viewStatement(statement: Statement): z.infer<typeof statementView> {
  const { customer, month, from, to, lines, totals, statusCounts } = statement;
  return {
    customer,
    month,
    period: { from: from.toISOString(), to: to.toISOString() },
    lines,
    totals,
    statusCounts,
  };
}

export const statementRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (app, { db }) => {
  const path = "/customers/:customerId/statements/:month";

  app.get(
    path,
    {
      schema: {
        ...staff,
        summary: "A customer's statement of a month: lines per program, totals, executions per status",
        description:
          "Executions created in the month (Europe/Berlin) count towards lines and totals when not_paid or " +
          "paid; revoked and refunded ones are only counted per status.",
        params,
        response: { 200: statementView },
      },
    },
    async (request) => {
      const { customerId, month } = request.params;
      return viewStatement(await loadStatement(db, await requireActor(request, db), customerId, month));
    },
  );

  app.get(
    `${path}/csv`,
    {
      schema: {
        ...staff,
        summary: "The statement as CSV: one row per execution of the month, then totals (audit-logged)",
        description:
          "UTF-8 with a byte order mark, semicolon-separated, decimal comma, CRLF. Columns: Datum " +
          "(DD.MM.YYYY HH:MM:SS, Europe/Berlin), Programm, Ersparte Zeit (s), Gedeckt (s), Berechnet (s), " +
          "Preis pro Sekunde, Betrag, Währung, Status; oldest first. Then one row per currency summing the " +
          "Offen and Bezahlt rows. Cells that would start a formula get a leading apostrophe.",
        produces: ["text/csv"],
        params,
        response: { 200: z.string().describe("The CSV file") },
      },
    },
    async (request, reply) => {
      const { customerId, month } = request.params;
      const actor = await requireActor(request, db);
      const statement = await loadStatement(db, actor, customerId, month);
      await recordStatementDownload(db, actor, statement, "csv");
      const lines = statementCsv(statement, statementExecutions(db, statement));
      return (
        reply
          .header("content-type", "text/csv; charset=utf-8")
          .header("content-disposition", `attachment; filename="${statementFileName(statement, "csv")}"`)
          // A stream is sent as it is; the schema's string only documents the body for OpenAPI.
          .send(Readable.from(lines, { objectMode: false }) as unknown as string)
      );
    },
  );

  app.get(
    `${path}/pdf`,
    {
      schema: {
        ...staff,
        summary:
          "The statement as a German A4 PDF: summary per program, totals, every execution (audit-logged)",
        produces: ["application/pdf"],
        params,
        response: { 200: z.string().describe("The PDF file") },
      },
    },
    async (request, reply) => {
      const { customerId, month } = request.params;
      const actor = await requireActor(request, db);
      const statement = await loadStatement(db, actor, customerId, month);
      await recordStatementDownload(db, actor, statement, "pdf");
      // Streamed: pages are written out as they are finished.
      const pdf = renderStatementPdf(statement, statementExecutions(db, statement, PDF_CHUNK_ROWS));
      return reply
        .header("content-type", "application/pdf")
        .header("content-disposition", `attachment; filename="${statementFileName(statement, "pdf")}"`)
        .send(pdf as unknown as string);
    },
  );
};

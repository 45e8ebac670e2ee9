/**
 * The statement as a German A4 PDF (pdfkit, its standard Helvetica: WinAnsi covers ä, ö, ü, ß and €).
 * Page 1: header, customer and billing address, period, the per-program summary with totals and the
 * status counts; then every execution of the month, oldest first, with the table header repeated on
 * each page. Every page has a footer with "Seite x von N" (pages are buffered, so N is known at the
 * end). Rows have a fixed height: long program names are cut with an ellipsis, long figures are set
 * smaller, so text never wraps into the next row.
 */
import PDFDocument from "pdfkit";
import { STATUS_LABELS } from "../executions/listing.ts";
import { endOfMonth } from "../insights/calendar.ts";
import { REPORTING_TIME_ZONE } from "../insights/rollups.ts";
import { germanDay, germanDuration, germanInteger, germanMoney } from "./german.ts";
import { germanMonthName } from "./month.ts";
import { BILLED_STATUSES, type Statement, type StatementExecution } from "./statement.ts";

type Doc = PDFKit.PDFDocument;

const MARGIN = 40;
const FOOTER_GAP = 28;
const REGULAR = "Helvetica";
const BOLD = "Helvetica-Bold";
const INK = "#1a1b1e";
const MUTED = "#6b6f76";
const RULE = "#c9ccd1";
const HEADER_FILL = "#eef0f3";

interface Column {
  title: string;
  width: number;
  align: "left" | "right";
}

const SUMMARY_COLUMNS: Column[] = [
  { title: "Programm", width: 101, align: "left" },
  { title: "Ausführungen", width: 60, align: "right" },
  { title: "Ersparte Zeit", width: 96, align: "right" },
  { title: "Gedeckt", width: 96, align: "right" },
  { title: "Berechnet", width: 96, align: "right" },
  { title: "Betrag", width: 66, align: "right" },
];

const EXECUTION_COLUMNS: Column[] = [
  { title: "Datum", width: 69, align: "left" },
  { title: "Programm", width: 112, align: "left" },
  { title: "Ersparte Zeit", width: 80, align: "right" },
  { title: "Gedeckt", width: 80, align: "right" },
  { title: "Berechnet", width: 80, align: "right" },
  { title: "Betrag", width: 56, align: "right" },
  { title: "Status", width: 38, align: "left" },
];

const SUMMARY_ROW = 17;
const EXECUTION_ROW = 14;
const CELL_PADDING = 3;

const createdFormat = new Intl.DateTimeFormat("de-DE", {
  timeZone: REPORTING_TIME_ZONE,
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
});

/** Cuts `text` with an ellipsis until it fits `width` in the current font. */
function fitted(doc: Doc, text: string, width: number): string {
  if (doc.widthOfString(text) <= width) return text;
  let cut = text;
  while (cut.length > 0 && doc.widthOfString(`${cut}…`) > width) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

/** Writes one line at (x, y) without wrapping; right-aligned text is set smaller if too wide. */
function cell(doc: Doc, text: string, x: number, y: number, column: Column, size: number): void {
  const width = column.width - 2 * CELL_PADDING;
  if (column.align === "right") {
    let fit = size;
    while (fit > 5 && doc.fontSize(fit).widthOfString(text) > width) fit -= 0.5;
    // Smaller text moves down so that its baseline stays the row's (Helvetica's ascender: 0.718 em).
    const lowered = y + 0.718 * (size - fit);
    doc.text(text, x + column.width - CELL_PADDING - doc.widthOfString(text), lowered, { lineBreak: false });
    doc.fontSize(size);
  } else {
    doc.text(fitted(doc, text, width), x + CELL_PADDING, y, { lineBreak: false });
  }
}

function row(doc: Doc, columns: Column[], values: string[], y: number, height: number, size: number): void {
  let x = MARGIN;
  doc.fontSize(size);
  const baseline = y + (height - size) / 2;
  columns.forEach((column, index) => {
    cell(doc, values[index] ?? "", x, baseline, column, size);
    x += column.width;
  });
}

class Layout {
  y = MARGIN;
  /** The table whose header is repeated after a page break. */
  private table: { columns: Column[]; height: number; size: number } | null = null;

  constructor(private readonly doc: Doc) {}

  get bottom(): number {
    return this.doc.page.height - MARGIN - FOOTER_GAP;
  }

  /** Starts a new page unless `height` more fits on this one; repeats the open table's header. */
  ensure(height: number): void {
    if (this.y + height <= this.bottom) return;
    this.doc.addPage();
    this.y = MARGIN;
    if (this.table) this.tableHeader(this.table.columns, this.table.height, this.table.size);
  }

  startTable(columns: Column[], height: number, size: number): void {
    this.table = null;
    this.ensure(2 * height);
    this.table = { columns, height, size };
    this.tableHeader(columns, height, size);
  }

  endTable(): void {
    this.table = null;
  }

  private tableHeader(columns: Column[], height: number, size: number): void {
    const width = columns.reduce((sum, column) => sum + column.width, 0);
    this.doc.rect(MARGIN, this.y, width, height).fill(HEADER_FILL);
    this.doc.font(BOLD).fillColor(INK);
    row(
      this.doc,
      columns,
      columns.map((column) => column.title),
      this.y,
      height,
      size,
    );
    this.y += height;
  }

  rule(width = this.doc.page.width - 2 * MARGIN, color = RULE): void {
    this.doc
      .moveTo(MARGIN, this.y)
      .lineTo(MARGIN + width, this.y)
      .lineWidth(0.5)
      .strokeColor(color)
      .stroke();
  }
}

function addressLines(statement: Statement): string[] {
  const address = statement.customer.billingAddress;
  if (!address) return [];
  const join = (...parts: (string | null)[]) => parts.filter((part) => part?.trim()).join(" ");
  return [
    join(address.addressedTo),
    join(address.street, address.houseNumber),
    join(address.postalCode, address.town),
    address.country && address.country !== "DE" ? address.country : "",
  ].filter((line) => line !== "");
}

function header(doc: Doc, layout: Layout, statement: Statement, title: string, now: Date): void {
  const width = doc.page.width - 2 * MARGIN;
  doc.font(BOLD).fontSize(22).fillColor(INK).text("NADOO", MARGIN, layout.y, { lineBreak: false });
  doc.font(BOLD).fontSize(15);
  doc.text(title, MARGIN + width - doc.widthOfString(title), layout.y + 5, { lineBreak: false });
  layout.y += 34;
  layout.rule(width, INK);
  layout.y += 16;

  const top = layout.y;
  doc.font(REGULAR).fontSize(8).fillColor(MUTED).text("Kunde", MARGIN, top, { lineBreak: false });
  doc.font(BOLD).fontSize(11).fillColor(INK);
  doc.text(fitted(doc, statement.customer.name, 270), MARGIN, top + 12, { lineBreak: false });
  let left = top + 28;
  doc.font(REGULAR).fontSize(10);
  const lines = addressLines(statement);
  for (const line of lines) {
    doc.text(fitted(doc, line, 270), MARGIN, left, { lineBreak: false });
    left += 13;
  }
  if (lines.length === 0) {
    doc.fillColor(MUTED).text("Keine Rechnungsanschrift hinterlegt", MARGIN, left, { lineBreak: false });
    left += 13;
  }

  const facts: [string, string][] = [
    ["Kundennummer", statement.customer.customerNumber ?? "–"],
    ["Zeitraum", `${germanDay(`${statement.month}-01`)} – ${germanDay(endOfMonth(`${statement.month}-01`))}`],
    ["Erstellt am", `${createdFormat.format(now).replace(",", "")} Uhr`],
  ];
  const factsX = MARGIN + 310;
  let right = top;
  for (const [label, value] of facts) {
    doc.font(REGULAR).fontSize(8).fillColor(MUTED).text(label, factsX, right, { lineBreak: false });
    doc.font(REGULAR).fontSize(10).fillColor(INK);
    doc.text(fitted(doc, value, width - 310), factsX, right + 11, { lineBreak: false });
    right += 28;
  }
  layout.y = Math.max(left, right) + 18;
}

function sectionTitle(doc: Doc, layout: Layout, text: string): void {
  layout.ensure(20 + 2 * SUMMARY_ROW);
  doc.font(BOLD).fontSize(12).fillColor(INK).text(text, MARGIN, layout.y, { lineBreak: false });
  layout.y += 20;
}

function summary(doc: Doc, layout: Layout, statement: Statement): void {
  sectionTitle(doc, layout, "Übersicht nach Programm");
  layout.startTable(SUMMARY_COLUMNS, SUMMARY_ROW, 8);
  const width = SUMMARY_COLUMNS.reduce((sum, column) => sum + column.width, 0);
  doc.font(REGULAR).fillColor(INK);
  for (const line of statement.lines) {
    layout.ensure(SUMMARY_ROW);
    doc.font(REGULAR).fillColor(INK);
    row(
      doc,
      SUMMARY_COLUMNS,
      [
        line.programName,
        germanInteger(line.executions),
        germanDuration(line.timeSavedSeconds),
        germanDuration(line.coveredSeconds),
        germanDuration(line.billedSeconds),
        germanMoney(line.amount, line.currency),
      ],
      layout.y,
      SUMMARY_ROW,
      8,
    );
    layout.y += SUMMARY_ROW;
    layout.rule(width);
  }
  if (statement.lines.length === 0) {
    layout.ensure(SUMMARY_ROW);
    doc.font(REGULAR).fontSize(8.5).fillColor(MUTED);
    doc.text("Keine berechneten Ausführungen in diesem Monat.", MARGIN + CELL_PADDING, layout.y + 4, {
      lineBreak: false,
    });
    layout.y += SUMMARY_ROW;
  }
  const { totals } = statement;
  const amounts = totals.amounts.length > 0 ? totals.amounts : [null];
  amounts.forEach((amount, index) => {
    layout.ensure(SUMMARY_ROW);
    layout.rule(width, INK);
    doc.font(BOLD).fillColor(INK);
    row(
      doc,
      SUMMARY_COLUMNS,
      [
        index === 0 ? "Summe" : "",
        index === 0 ? germanInteger(totals.executions) : "",
        index === 0 ? germanDuration(totals.timeSavedSeconds) : "",
        index === 0 ? germanDuration(totals.coveredSeconds) : "",
        index === 0 ? germanDuration(totals.billedSeconds) : "",
        amount ? germanMoney(amount.amount, amount.currency) : "–",
      ],
      layout.y,
      SUMMARY_ROW,
      8,
    );
    layout.y += SUMMARY_ROW;
  });
  layout.endTable();

  const counts = statement.statusCounts;
  const text = (["not_paid", "paid", "revoked", "refunded"] as const)
    .map((status) => `${STATUS_LABELS[status]}: ${germanInteger(counts[status])}`)
    .join("   ·   ");
  layout.y += 8;
  layout.ensure(30);
  doc.font(REGULAR).fontSize(8.5).fillColor(INK);
  doc.text(`Ausführungen im Monat nach Status — ${text}`, MARGIN, layout.y, { lineBreak: false });
  layout.y += 13;
  doc
    .fillColor(MUTED)
    .text(
      "Berechnet werden offene und bezahlte Ausführungen; stornierte und erstattete sind aufgeführt, aber nicht enthalten.",
      MARGIN,
      layout.y,
      { lineBreak: false },
    );
  layout.y += 24;
}

async function executionList(
  doc: Doc,
  layout: Layout,
  chunks: AsyncIterable<StatementExecution[]>,
): Promise<void> {
  sectionTitle(doc, layout, "Ausführungen");
  layout.startTable(EXECUTION_COLUMNS, EXECUTION_ROW, 8);
  const width = EXECUTION_COLUMNS.reduce((sum, column) => sum + column.width, 0);
  let any = false;
  for await (const rows of chunks) {
    for (const execution of rows) {
      any = true;
      layout.ensure(EXECUTION_ROW);
      const billed = BILLED_STATUSES.includes(execution.status);
      doc.font(REGULAR).fillColor(billed ? INK : MUTED);
      row(
        doc,
        EXECUTION_COLUMNS,
        [
          execution.created.slice(0, 16),
          execution.programName,
          germanDuration(execution.timeSavedSeconds),
          germanDuration(execution.coveredSeconds),
          germanDuration(execution.billedSeconds),
          germanMoney(execution.price, execution.currency),
          STATUS_LABELS[execution.status],
        ],
        layout.y,
        EXECUTION_ROW,
        8,
      );
      layout.y += EXECUTION_ROW;
      layout.rule(width);
    }
  }
  if (!any) {
    layout.ensure(EXECUTION_ROW);
    doc.font(REGULAR).fontSize(8).fillColor(MUTED);
    doc.text("Keine Ausführungen in diesem Monat.", MARGIN + CELL_PADDING, layout.y + 3, {
      lineBreak: false,
    });
    layout.y += EXECUTION_ROW;
  }
  layout.endTable();
}

function footers(doc: Doc, statement: Statement, title: string): void {
  const range = doc.bufferedPageRange();
  const width = doc.page.width - 2 * MARGIN;
  for (let index = range.start; index < range.start + range.count; index++) {
    doc.switchToPage(index);
    const y = doc.page.height - MARGIN - 10;
    doc.font(REGULAR).fontSize(8).fillColor(MUTED);
    const pageText = `Seite ${index - range.start + 1} von ${range.count}`;
    const pageWidth = doc.widthOfString(pageText);
    doc.text(
      fitted(doc, `NADOO · ${title} · ${statement.customer.name}`, width - pageWidth - 20),
      MARGIN,
      y,
      {
        lineBreak: false,
      },
    );
    doc.text(pageText, MARGIN + width - pageWidth, y, { lineBreak: false });
  }
}

/** Renders the statement; `chunks` are the month's executions, oldest first (statementExecutions). */
export async function renderStatementPdf(
  statement: Statement,
  chunks: AsyncIterable<StatementExecution[]>,
  now: Date = new Date(),
): Promise<Buffer> {
  const title = `Abrechnung ${germanMonthName(statement.month)}`;
  const doc = new PDFDocument({
    size: "A4",
    margin: MARGIN,
    bufferPages: true,
    info: {
      Title: `${title} – ${statement.customer.name}`,
      Author: "NADOO",
      Subject: `Abrechnung ${statement.month}`,
      CreationDate: now,
    },
  });
  const parts: Buffer[] = [];
  doc.on("data", (part: Buffer) => parts.push(part));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(parts)));
    doc.on("error", reject);
  });
  const layout = new Layout(doc);
  header(doc, layout, statement, title, now);
  summary(doc, layout, statement);
  await executionList(doc, layout, chunks);
  footers(doc, statement, title);
  doc.end();
  return done;
}

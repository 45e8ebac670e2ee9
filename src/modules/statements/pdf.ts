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

/** The characters WinAnsi has above Latin-1's printable ranges (pdfkit maps them itself). */
const WIN_ANSI_EXTRA = new Set("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ");

/** Letters without a decomposition into a base letter and marks. */
const BASE_LETTERS: Record<string, string> = { Ł: "L", ł: "l", Đ: "D", đ: "d", ı: "i", Ħ: "H", ħ: "h" };

function isWinAnsi(character: string): boolean {
  const code = character.charCodeAt(0);
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(character);
}

/**
 * Text the standard font can set: pdfkit writes any other character as a code that shifts the ones
 * after it (a name with one "ł" turns to garbage). Such letters become their base letter (ş → s,
 * ł → l), anything else a question mark.
 */
function winAnsi(text: string): string {
  let result = "";
  for (const character of text.normalize("NFC")) {
    if (isWinAnsi(character)) {
      result += character;
      continue;
    }
    const base = BASE_LETTERS[character] ?? character.normalize("NFKD").replace(/\p{M}/gu, "");
    result += base.length > 0 && [...base].every(isWinAnsi) ? base : "?";
  }
  return result;
}

/** Cuts `text` with an ellipsis until it fits `width` in the current font (made settable first). */
function fitted(doc: Doc, raw: string, width: number): string {
  const text = winAnsi(raw);
  if (doc.widthOfString(text) <= width) return text;
  let cut = text;
  while (cut.length > 0 && doc.widthOfString(`${cut}…`) > width) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

/** How a cell's text is set: possibly cut or smaller, and where in the cell. */
interface Placement {
  text: string;
  size: number;
  dx: number;
  dy: number;
}

/**
 * Placements by font, size, column and text: measuring is most of pdfkit's work (kerning), and a
 * statement repeats program names, durations and amounts on every page. Cleared when it grows large.
 */
class Placements {
  private readonly known = new Map<string, Placement>();

  constructor(private readonly doc: Doc) {}

  get(text: string, column: Column, font: string, size: number): Placement {
    const key = `${font}|${size}|${column.width}|${column.align}|${text}`;
    let placement = this.known.get(key);
    if (!placement) {
      placement = this.measure(text, column, size);
      if (this.known.size >= 10_000) this.known.clear();
      this.known.set(key, placement);
    }
    return placement;
  }

  /** Left: cut with an ellipsis to fit; right: set smaller if too wide, on the row's baseline. */
  private measure(text: string, column: Column, size: number): Placement {
    const doc = this.doc;
    const width = column.width - 2 * CELL_PADDING;
    if (column.align === "left") return { text: fitted(doc, text, width), size, dx: CELL_PADDING, dy: 0 };
    let fit = size;
    while (fit > 5 && doc.fontSize(fit).widthOfString(text) > width) fit -= 0.5;
    const dx = column.width - CELL_PADDING - doc.widthOfString(text);
    doc.fontSize(size);
    // Smaller text moves down so that its baseline stays the row's (Helvetica's ascender: 0.718 em).
    return { text, size: fit, dx, dy: 0.718 * (size - fit) };
  }
}

function row(
  doc: Doc,
  placements: Placements,
  table: TableStyle,
  values: string[],
  y: number,
  font: string,
): void {
  let x = MARGIN;
  doc.font(font).fontSize(table.size);
  const top = y + (table.height - table.size) / 2;
  table.columns.forEach((column, index) => {
    const placement = placements.get(values[index] ?? "", column, font, table.size);
    if (placement.size !== table.size) doc.fontSize(placement.size);
    doc.text(placement.text, x + placement.dx, top + placement.dy, { lineBreak: false });
    if (placement.size !== table.size) doc.fontSize(table.size);
    x += column.width;
  });
}

/** Executions read per query for the PDF: drawing a chunk holds the event loop for well under 0.1 s. */
export const PDF_CHUNK_ROWS = 500;

/** A4 in PostScript points. */
const PAGE_WIDTH = 595.28;
const PAGE_HEIGHT = 841.89;
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN;
/** Where rows must end; the footer goes below. */
const BOTTOM = PAGE_HEIGHT - MARGIN - FOOTER_GAP;
const LINE = 13;
const FACT = 28;

interface TableStyle {
  columns: Column[];
  height: number;
  size: number;
}

/**
 * Where things go. The same layout code runs twice: first without a document, only counting pages
 * (every row has a fixed height), so the second run, which draws, can number the pages "x von N"
 * while each finished page is already written out (no page stays in memory).
 */
class Layout {
  y = MARGIN;
  pages = 1;
  private table: TableStyle | null = null;
  private readonly placements: Placements | null;

  constructor(
    readonly doc: Doc | null,
    private readonly footer: (page: number) => void = () => {},
  ) {
    this.placements = doc && new Placements(doc);
  }

  /** Draws a row of `table` at the current position (nothing when only counting pages). */
  drawRow(table: TableStyle, values: () => string[], font: string, color: string): void {
    if (!this.doc || !this.placements) return;
    this.doc.fillColor(color);
    row(this.doc, this.placements, table, values(), this.y, font);
  }

  /** Starts a new page unless `height` more fits on this one; repeats the open table's header. */
  ensure(height: number): void {
    if (this.y + height <= BOTTOM) return;
    this.footer(this.pages);
    this.doc?.addPage();
    this.pages += 1;
    this.y = MARGIN;
    if (this.table) this.tableHeader(this.table);
  }

  /** The last page's footer. */
  finish(): void {
    this.footer(this.pages);
  }

  startTable(table: TableStyle): void {
    this.table = null;
    this.ensure(2 * table.height);
    this.table = table;
    this.tableHeader(table);
  }

  endTable(): void {
    this.table = null;
  }

  private tableHeader(table: TableStyle): void {
    this.doc?.rect(MARGIN, this.y, tableWidth(table.columns), table.height).fill(HEADER_FILL);
    this.drawRow(table, () => table.columns.map((column) => column.title), BOLD, INK);
    this.y += table.height;
  }

  /** A rule across `width` at the current position. */
  rule(width: number, color = RULE, y = this.y): void {
    this.doc
      ?.moveTo(MARGIN, y)
      .lineTo(MARGIN + width, y)
      .lineWidth(0.5)
      .strokeColor(color)
      .stroke();
  }
}

function tableWidth(columns: Column[]): number {
  return columns.reduce((sum, column) => sum + column.width, 0);
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

function header(layout: Layout, statement: Statement, title: string, now: Date): void {
  const doc = layout.doc;
  const top = layout.y + 50;
  const lines = addressLines(statement);
  const facts: [string, string][] = [
    ["Kundennummer", statement.customer.customerNumber ?? "–"],
    ["Zeitraum", `${germanDay(`${statement.month}-01`)} – ${germanDay(endOfMonth(`${statement.month}-01`))}`],
    ["Erstellt am", `${createdFormat.format(now).replace(",", "")} Uhr`],
  ];
  if (doc) {
    doc.font(BOLD).fontSize(22).fillColor(INK).text("NADOO", MARGIN, layout.y, { lineBreak: false });
    doc.font(BOLD).fontSize(15);
    doc.text(title, MARGIN + CONTENT_WIDTH - doc.widthOfString(title), layout.y + 5, { lineBreak: false });
    layout.rule(CONTENT_WIDTH, INK, layout.y + 34);
    doc.font(REGULAR).fontSize(8).fillColor(MUTED).text("Kunde", MARGIN, top, { lineBreak: false });
    doc.font(BOLD).fontSize(11).fillColor(INK);
    doc.text(fitted(doc, statement.customer.name, 270), MARGIN, top + 12, { lineBreak: false });
    doc.font(REGULAR).fontSize(10);
    lines.forEach((line, index) => {
      doc.text(fitted(doc, line, 270), MARGIN, top + 28 + index * LINE, { lineBreak: false });
    });
    if (lines.length === 0) {
      doc
        .fillColor(MUTED)
        .text("Keine Rechnungsanschrift hinterlegt", MARGIN, top + 28, { lineBreak: false });
    }
    const factsX = MARGIN + 310;
    facts.forEach(([label, value], index) => {
      const y = top + index * FACT;
      doc.font(REGULAR).fontSize(8).fillColor(MUTED).text(label, factsX, y, { lineBreak: false });
      doc.font(REGULAR).fontSize(10).fillColor(INK);
      doc.text(fitted(doc, value, CONTENT_WIDTH - 310), factsX, y + 11, { lineBreak: false });
    });
  }
  const left = top + 28 + Math.max(lines.length, 1) * LINE;
  const right = top + facts.length * FACT;
  layout.y = Math.max(left, right) + 18;
}

function sectionTitle(layout: Layout, text: string): void {
  layout.ensure(20 + 2 * SUMMARY_ROW);
  layout.doc?.font(BOLD).fontSize(12).fillColor(INK).text(text, MARGIN, layout.y, { lineBreak: false });
  layout.y += 20;
}

/** A line of small text across the page. */
function note(layout: Layout, text: string, color: string, height: number): void {
  layout.ensure(height);
  layout.doc?.font(REGULAR).fontSize(8.5).fillColor(color).text(text, MARGIN, layout.y, { lineBreak: false });
  layout.y += height;
}

const SUMMARY: TableStyle = { columns: SUMMARY_COLUMNS, height: SUMMARY_ROW, size: 8 };
const EXECUTIONS: TableStyle = { columns: EXECUTION_COLUMNS, height: EXECUTION_ROW, size: 8 };

/** One row of a table, on a new page (with the header again) if this one is full. */
function tableRow(
  layout: Layout,
  table: TableStyle,
  values: () => string[],
  style: { font: string; color: string; rule: string | null; ruleAbove?: string },
): void {
  layout.ensure(table.height);
  if (style.ruleAbove) layout.rule(tableWidth(table.columns), style.ruleAbove);
  layout.drawRow(table, values, style.font, style.color);
  layout.y += table.height;
  if (style.rule) layout.rule(tableWidth(table.columns), style.rule);
}

const PLAIN = { font: REGULAR, color: INK, rule: RULE };

/** A row-high line of text across a table, instead of rows. */
function notice(layout: Layout, table: TableStyle, text: string): void {
  layout.ensure(table.height);
  layout.doc
    ?.font(REGULAR)
    .fontSize(table.size)
    .fillColor(MUTED)
    .text(text, MARGIN + CELL_PADDING, layout.y + (table.height - table.size) / 2, { lineBreak: false });
  layout.y += table.height;
}

function summary(layout: Layout, statement: Statement): void {
  sectionTitle(layout, "Übersicht nach Programm");
  layout.startTable(SUMMARY);
  for (const line of statement.lines) {
    tableRow(
      layout,
      SUMMARY,
      () => [
        line.programName,
        germanInteger(line.executions),
        germanDuration(line.timeSavedSeconds),
        germanDuration(line.coveredSeconds),
        germanDuration(line.billedSeconds),
        germanMoney(line.amount, line.currency),
      ],
      PLAIN,
    );
  }
  if (statement.lines.length === 0) {
    notice(layout, SUMMARY, "Keine berechneten Ausführungen in diesem Monat.");
  }
  const { totals } = statement;
  const amounts = totals.amounts.length > 0 ? totals.amounts : [null];
  amounts.forEach((amount, index) => {
    tableRow(
      layout,
      SUMMARY,
      () => [
        index === 0 ? "Summe" : "",
        index === 0 ? germanInteger(totals.executions) : "",
        index === 0 ? germanDuration(totals.timeSavedSeconds) : "",
        index === 0 ? germanDuration(totals.coveredSeconds) : "",
        index === 0 ? germanDuration(totals.billedSeconds) : "",
        amount ? germanMoney(amount.amount, amount.currency) : "–",
      ],
      { font: BOLD, color: INK, rule: null, ruleAbove: index === 0 ? INK : undefined },
    );
  });
  layout.endTable();

  const counts = (["not_paid", "paid", "revoked", "refunded"] as const)
    .map((status) => `${STATUS_LABELS[status]}: ${germanInteger(statement.statusCounts[status])}`)
    .join("   ·   ");
  layout.y += 8;
  note(layout, `Ausführungen im Monat nach Status — ${counts}`, INK, LINE);
  note(
    layout,
    "Berechnet werden offene und bezahlte Ausführungen; stornierte und erstattete sind aufgeführt, aber nicht enthalten.",
    MUTED,
    24,
  );
  sectionTitle(layout, "Ausführungen");
  layout.startTable(EXECUTIONS);
}

function executionRow(layout: Layout, execution: StatementExecution | null): void {
  const billed = execution !== null && BILLED_STATUSES.includes(execution.status);
  tableRow(
    layout,
    EXECUTIONS,
    () =>
      execution
        ? [
            execution.created.slice(0, 16),
            execution.programName,
            germanDuration(execution.timeSavedSeconds),
            germanDuration(execution.coveredSeconds),
            germanDuration(execution.billedSeconds),
            germanMoney(execution.price, execution.currency),
            STATUS_LABELS[execution.status],
          ]
        : [],
    { ...PLAIN, color: billed ? INK : MUTED },
  );
}

function noExecutions(layout: Layout): void {
  notice(layout, EXECUTIONS, "Keine Ausführungen in diesem Monat.");
}

function footer(doc: Doc, text: string, page: number, pages: number): void {
  const y = PAGE_HEIGHT - MARGIN - 10;
  doc.font(REGULAR).fontSize(8).fillColor(MUTED);
  const pageText = `Seite ${page} von ${pages}`;
  const pageWidth = doc.widthOfString(pageText);
  doc.text(fitted(doc, text, CONTENT_WIDTH - pageWidth - 20), MARGIN, y, { lineBreak: false });
  doc.text(pageText, MARGIN + CONTENT_WIDTH - pageWidth, y, { lineBreak: false });
}

/**
 * Renders the statement as a stream. `chunks` are the month's executions, oldest first
 * (statementExecutions); the list takes as many as the statement counted (its status counts), so
 * the page count planned beforehand holds even if executions are recorded meanwhile.
 */
export function renderStatementPdf(
  statement: Statement,
  chunks: AsyncIterable<StatementExecution[]>,
  now: Date = new Date(),
): PDFKit.PDFDocument {
  const title = `Abrechnung ${germanMonthName(statement.month)}`;
  const count = Object.values(statement.statusCounts).reduce((sum, value) => sum + value, 0);

  const plan = new Layout(null);
  header(plan, statement, title, now);
  summary(plan, statement);
  for (let index = 0; index < count; index++) executionRow(plan, null);
  if (count === 0) noExecutions(plan);

  const doc = new PDFDocument({
    size: "A4",
    margin: MARGIN,
    info: {
      Title: `${title} – ${statement.customer.name}`,
      Author: "NADOO",
      Subject: `Abrechnung ${statement.month}`,
      CreationDate: now,
    },
  });
  const footerText = `NADOO · ${title} · ${statement.customer.name}`;
  const layout = new Layout(doc, (page) => footer(doc, footerText, page, plan.pages));
  const draw = async () => {
    header(layout, statement, title, now);
    summary(layout, statement);
    let left = count;
    for await (const rows of chunks) {
      for (const execution of rows.slice(0, left)) executionRow(layout, execution);
      left -= Math.min(left, rows.length);
      if (left === 0) break;
    }
    if (count === 0) noExecutions(layout);
    layout.finish();
    doc.end();
  };
  draw().catch((error: unknown) => doc.destroy(error instanceof Error ? error : new Error(String(error))));
  return doc;
}

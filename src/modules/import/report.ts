/**
 * What an import did, per model of the dump: records read, rows imported (new), updated (existing
 * rows whose imported fields differed) and skipped (already there unchanged, or not importable, with
 * a warning saying why). Models the importer does not take are listed with their counts.
 */

export interface ModelCounts {
  read: number;
  imported: number;
  updated: number;
  skipped: number;
  /** How the records of this model show up in NADOO, when not as rows of their own. */
  note?: string;
}

export type Outcome = "imported" | "updated" | "skipped";

/** Beyond this many, warnings are counted, not listed, so a bad dump cannot flood the terminal. */
const MAX_LISTED_WARNINGS = 200;

export class ImportReport {
  readonly models = new Map<string, ModelCounts>();
  readonly notImported = new Map<string, { count: number; reason: string }>();
  readonly warnings: string[] = [];
  warningsNotListed = 0;
  dryRun = false;
  bytes = 0;
  durationMs = 0;

  counts(model: string): ModelCounts {
    let counts = this.models.get(model);
    if (!counts) {
      counts = { read: 0, imported: 0, updated: 0, skipped: 0 };
      this.models.set(model, counts);
    }
    return counts;
  }

  read(model: string, count = 1): void {
    this.counts(model).read += count;
  }

  count(model: string, outcome: Outcome, count = 1): void {
    this.counts(model)[outcome] += count;
  }

  note(model: string, note: string): void {
    this.counts(model).note = note;
  }

  notTaken(model: string, reason: string): void {
    const entry = this.notImported.get(model);
    if (entry) entry.count++;
    else this.notImported.set(model, { count: 1, reason });
  }

  warn(message: string): void {
    if (this.warnings.length < MAX_LISTED_WARNINGS) this.warnings.push(message);
    else this.warningsNotListed++;
  }

  totals(): Omit<ModelCounts, "note"> {
    const totals = { read: 0, imported: 0, updated: 0, skipped: 0 };
    for (const counts of this.models.values()) {
      totals.read += counts.read;
      totals.imported += counts.imported;
      totals.updated += counts.updated;
      totals.skipped += counts.skipped;
    }
    return totals;
  }

  toJSON() {
    return {
      dryRun: this.dryRun,
      bytes: this.bytes,
      durationMs: this.durationMs,
      models: Object.fromEntries(this.models),
      notImported: Object.fromEntries(this.notImported),
      warnings: this.warnings,
      warningsNotListed: this.warningsNotListed,
      totals: this.totals(),
    };
  }

  format(): string {
    const header = ["model", "read", "imported", "updated", "skipped"];
    const rows = [...this.models].map(([model, counts]) => [
      model,
      String(counts.read),
      String(counts.imported),
      String(counts.updated),
      String(counts.skipped),
    ]);
    const totals = this.totals();
    rows.push([
      "total",
      String(totals.read),
      String(totals.imported),
      String(totals.updated),
      String(totals.skipped),
    ]);
    const widths = header.map((title, column) =>
      Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)),
    );
    const line = (cells: string[]) =>
      cells
        .map((cell, column) =>
          column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
        )
        .join("  ");
    const out: string[] = [];
    out.push(
      this.dryRun ? "Dry run: nothing was written (the transaction was rolled back)." : "Import committed.",
    );
    out.push("", line(header), line(widths.map((width) => "-".repeat(width))));
    for (const row of rows.slice(0, -1)) out.push(line(row));
    out.push(line(widths.map((width) => "-".repeat(width))), line(rows[rows.length - 1] ?? []));
    const notes = [...this.models].filter(([, counts]) => counts.note);
    if (notes.length > 0) {
      out.push("", "Notes:");
      for (const [model, counts] of notes) out.push(`  ${model}: ${counts.note}`);
    }
    if (this.notImported.size > 0) {
      out.push("", "Not imported:");
      for (const [model, entry] of this.notImported) out.push(`  ${model} (${entry.count}): ${entry.reason}`);
    }
    if (this.warnings.length > 0) {
      out.push("", `Warnings (${this.warnings.length + this.warningsNotListed}):`);
      for (const warning of this.warnings) out.push(`  - ${warning}`);
      if (this.warningsNotListed > 0) out.push(`  … and ${this.warningsNotListed} more`);
    }
    out.push("", `${(this.bytes / 1_048_576).toFixed(1)} MB in ${(this.durationMs / 1000).toFixed(1)} s.`);
    return `${out.join("\n")}\n`;
  }
}

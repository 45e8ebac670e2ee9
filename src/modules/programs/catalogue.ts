/**
 * The program catalogue (SPEC §4), managed by staff: programs with their dependencies on other
 * programs. The dependencies form a DAG; every change of them runs under one advisory lock, so two
 * concurrent edits cannot close a cycle that neither sees alone. Every change is audit-logged.
 */
import { and, asc, count, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Database } from "../../db/connection.ts";
import { isForeignKeyViolation } from "../../db/errors.ts";
import { transaction } from "../../db/transaction.ts";
import { AppError, ConflictError, NotFoundError, ValidationError } from "../../lib/errors.ts";
import { isUuid } from "../../lib/ids.ts";
import { type Actor, assertStaff } from "../access/policy.ts";
import { recordAudit } from "../audit/service.ts";
import { describeCycle, duplicateIdProblems, findCycle, graphOf } from "./rules.ts";
import { customerPrograms, type Program, programDependencies, programs } from "./schema.ts";

/** Serialises dependency changes: a constant of this product's own ("NADOPD"), not the migrator's. */
const DEPENDENCY_LOCK_KEY = 0x4e41444f5044;

export interface ProgramRef {
  id: string;
  name: string;
}

export interface ProgramWithDependencies extends Program {
  /** The programs this one depends on, by name. */
  dependencies: ProgramRef[];
}

export interface ProgramInput {
  name: string;
  description?: string;
  isActive?: boolean;
  dependencyIds?: readonly string[];
}

export type ProgramChange = Partial<ProgramInput>;

export function programNotFound(programId: string): NotFoundError {
  return new NotFoundError(`There is no program with the id ${programId}.`);
}

/** The program, or undefined (also for ids that are not UUIDs). */
export async function findProgram(db: Database, programId: string): Promise<Program | undefined> {
  if (!isUuid(programId)) return undefined;
  const [program] = await db.select().from(programs).where(eq(programs.id, programId));
  return program;
}

async function withDependencies(db: Database, list: Program[]): Promise<ProgramWithDependencies[]> {
  if (list.length === 0) return [];
  const edges = await db
    .select({ programId: programDependencies.programId, id: programs.id, name: programs.name })
    .from(programDependencies)
    .innerJoin(programs, eq(programs.id, programDependencies.dependencyId))
    .where(
      inArray(
        programDependencies.programId,
        list.map((program) => program.id),
      ),
    )
    .orderBy(asc(programs.name), asc(programs.id));
  return list.map((program) => ({
    ...program,
    dependencies: edges.filter((edge) => edge.programId === program.id).map(({ id, name }) => ({ id, name })),
  }));
}

async function loadProgram(db: Database, programId: string): Promise<ProgramWithDependencies> {
  const program = await findProgram(db, programId);
  if (!program) throw programNotFound(programId);
  const [loaded] = await withDependencies(db, [program]);
  if (!loaded) throw programNotFound(programId);
  return loaded;
}

/** What the audit log keeps of a program. */
function snapshot(program: ProgramWithDependencies) {
  return {
    name: program.name,
    description: program.description,
    isActive: program.isActive,
    dependencyIds: program.dependencies.map((dependency) => dependency.id),
  };
}

/** The edges reachable from `startIds`, except those of `programId` (which are being replaced). */
async function reachableEdges(tx: Database, programId: string, startIds: readonly string[]) {
  const starts = sql.join(
    startIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const result = await tx.execute(sql`
    WITH RECURSIVE reachable(id) AS (
      SELECT unnest(ARRAY[${starts}])
      UNION
      SELECT d.dependency_id FROM program_dependencies d
        JOIN reachable r ON d.program_id = r.id
        WHERE d.program_id <> ${programId}::uuid
    )
    SELECT d.program_id, d.dependency_id FROM program_dependencies d
      JOIN reachable r ON d.program_id = r.id
      WHERE d.program_id <> ${programId}::uuid`);
  return (result.rows as { program_id: string; dependency_id: string }[]).map((row) => ({
    programId: row.program_id,
    dependencyId: row.dependency_id,
  }));
}

/**
 * Taken first by every transaction that changes dependencies, before any row lock: the edges it
 * inserts lock their programs (foreign keys), so taking it later could deadlock with another edit.
 */
async function lockDependencies(tx: Database): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${DEPENDENCY_LOCK_KEY})`);
}

/**
 * Replaces the program's dependencies, refusing unknown programs and cycles. Runs inside the
 * caller's transaction after `lockDependencies`, so the check and the change see the same graph.
 */
async function replaceDependencies(tx: Database, programId: string, dependencyIds: readonly string[]) {
  const duplicates = duplicateIdProblems(dependencyIds, "dependencyIds");
  if (duplicates.length > 0) throw new ValidationError("A dependency is listed more than once.", duplicates);
  const malformed = dependencyIds.filter((id) => !isUuid(id));
  if (malformed.length > 0) throw new ValidationError(`Not a program id: ${malformed.join(", ")}.`);
  if (dependencyIds.length > 0) {
    const known = await tx
      .select({ id: programs.id, name: programs.name })
      .from(programs)
      .where(inArray(programs.id, [...dependencyIds, programId]));
    const names = new Map(known.map((program) => [program.id, program.name]));
    const unknown = dependencyIds.filter((id) => !names.has(id));
    if (unknown.length > 0) {
      throw new ValidationError(
        `There is no program with the id ${unknown.join(", ")}; dependencies must be programs of the catalogue.`,
        unknown.map((id) => ({
          path: `dependencyIds.${dependencyIds.indexOf(id)}`,
          message: `There is no program with the id ${id}.`,
        })),
      );
    }
    const graph = graphOf(await reachableEdges(tx, programId, dependencyIds));
    const cycle = findCycle(graph, programId, dependencyIds);
    if (cycle) {
      const onCycle = await tx
        .select({ id: programs.id, name: programs.name })
        .from(programs)
        .where(inArray(programs.id, cycle));
      for (const program of onCycle) names.set(program.id, program.name);
      const path = describeCycle(cycle, (id) => names.get(id) ?? id);
      throw new AppError(
        400,
        "dependency_cycle",
        `Dependencies must not form a cycle, but this one would: ${path}. Nothing was changed.`,
        { details: [{ path: "dependencyIds", message: `This would close the cycle ${path}.` }] },
      );
    }
  }
  await tx.delete(programDependencies).where(eq(programDependencies.programId, programId));
  if (dependencyIds.length > 0) {
    await tx
      .insert(programDependencies)
      .values(dependencyIds.map((dependencyId) => ({ programId, dependencyId })));
  }
}

/** The same ids, in any order (a duplicate makes them differ, so it reaches the duplicate check). */
function sameIds(a: readonly string[], b: readonly string[]): boolean {
  const sorted = (ids: readonly string[]) => [...ids].sort().join(",");
  return a.length === b.length && sorted(a) === sorted(b);
}

/** A dependency deleted while it was being added reads as an unknown program. */
async function dependenciesChecked(work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (isForeignKeyViolation(error)) {
      throw new ValidationError("A dependency was deleted meanwhile; reload the catalogue and try again.", [
        { path: "dependencyIds", message: "A listed program no longer exists." },
      ]);
    }
    throw error;
  }
}

export async function listPrograms(
  db: Database,
  actor: Actor,
  filter: { active?: boolean } = {},
): Promise<ProgramWithDependencies[]> {
  assertStaff(actor.user);
  const conditions: SQL[] = [];
  if (filter.active !== undefined) conditions.push(eq(programs.isActive, filter.active));
  const list = await db
    .select()
    .from(programs)
    .where(and(...conditions))
    .orderBy(asc(programs.name), asc(programs.id));
  return withDependencies(db, list);
}

export async function getProgram(
  db: Database,
  actor: Actor,
  programId: string,
): Promise<ProgramWithDependencies> {
  assertStaff(actor.user);
  return loadProgram(db, programId);
}

export async function createProgram(
  db: Database,
  actor: Actor,
  input: ProgramInput,
): Promise<ProgramWithDependencies> {
  assertStaff(actor.user);
  return transaction(db, async (tx) => {
    if (input.dependencyIds?.length) await lockDependencies(tx);
    const [created] = await tx
      .insert(programs)
      .values({ name: input.name, description: input.description ?? "", isActive: input.isActive ?? true })
      .returning();
    if (!created) throw new Error("The program was not stored.");
    await dependenciesChecked(() => replaceDependencies(tx, created.id, input.dependencyIds ?? []));
    const program = await loadProgram(tx, created.id);
    await recordAudit(tx, actor.context, {
      action: "program.created",
      targetType: "program",
      targetId: program.id,
      after: snapshot(program),
    });
    return program;
  });
}

export async function updateProgram(
  db: Database,
  actor: Actor,
  programId: string,
  change: ProgramChange,
): Promise<ProgramWithDependencies> {
  assertStaff(actor.user);
  if (!isUuid(programId)) throw programNotFound(programId);
  return transaction(db, async (tx) => {
    if (change.dependencyIds !== undefined) await lockDependencies(tx);
    // "No key update": other programs' new edges to this one (key share locks) need not wait.
    const [locked] = await tx.select().from(programs).where(eq(programs.id, programId)).for("no key update");
    if (!locked) throw programNotFound(programId);
    const before = await loadProgram(tx, programId);
    const was = snapshot(before);
    const wanted = {
      name: change.name ?? was.name,
      description: change.description ?? was.description,
      isActive: change.isActive ?? was.isActive,
      dependencyIds: change.dependencyIds ?? was.dependencyIds,
    };
    const dependenciesChange = !sameIds(wanted.dependencyIds, was.dependencyIds);
    // Asking for what is already so changes nothing, not even the timestamp.
    if (
      !dependenciesChange &&
      wanted.name === was.name &&
      wanted.description === was.description &&
      wanted.isActive === was.isActive
    ) {
      return before;
    }
    await tx
      .update(programs)
      .set({ name: wanted.name, description: wanted.description, isActive: wanted.isActive })
      .where(eq(programs.id, programId));
    if (dependenciesChange) {
      await dependenciesChecked(() => replaceDependencies(tx, programId, wanted.dependencyIds));
    }
    const after = await loadProgram(tx, programId);
    await recordAudit(tx, actor.context, {
      action: "program.updated",
      targetType: "program",
      targetId: programId,
      before: was,
      after: snapshot(after),
    });
    return after;
  });
}

/**
 * Deletes a program no customer program uses (those keep their history: deactivate it instead).
 * Other programs' dependencies on it go with it.
 */
export async function deleteProgram(db: Database, actor: Actor, programId: string): Promise<void> {
  assertStaff(actor.user);
  if (!isUuid(programId)) throw programNotFound(programId);
  await transaction(db, async (tx) => {
    // The row lock waits for customer programs being created for it (their foreign key locks it too).
    const [locked] = await tx.select().from(programs).where(eq(programs.id, programId)).for("update");
    if (!locked) throw programNotFound(programId);
    const [usage] = await tx
      .select({ count: count() })
      .from(customerPrograms)
      .where(eq(customerPrograms.programId, programId));
    const used = usage?.count ?? 0;
    if (used > 0) {
      throw new ConflictError(
        `The program "${locked.name}" is used by ${used} customer program${used === 1 ? "" : "s"} and cannot be ` +
          "deleted; deactivate it instead (isActive: false).",
      );
    }
    const before = await loadProgram(tx, programId);
    await tx.delete(programs).where(eq(programs.id, programId));
    await recordAudit(tx, actor.context, {
      action: "program.deleted",
      targetType: "program",
      targetId: programId,
      before: snapshot(before),
    });
  });
}

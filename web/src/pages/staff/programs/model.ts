/**
 * The program catalogue form of the staff console: what it starts with, what it checks before
 * sending, and the body it sends to POST/PATCH /api/staff/programs.
 */
import type { paths } from "../../../api/schema";

export type Program =
  paths["/api/staff/programs"]["get"]["responses"][200]["content"]["application/json"]["items"][number];

export const programsKey = ["staff", "programs"] as const;

export const MAX_NAME_LENGTH = 200;
export const MAX_DESCRIPTION_LENGTH = 10_000;

export const PROGRAM_FIELDS = ["name", "description", "isActive", "dependencyIds"] as const;

export interface ProgramForm {
  name: string;
  description: string;
  isActive: boolean;
  dependencyIds: string[];
}

export function programFormOf(program: Program | null): ProgramForm {
  if (!program) return { name: "", description: "", isActive: true, dependencyIds: [] };
  return {
    name: program.name,
    description: program.description,
    isActive: program.isActive,
    dependencyIds: program.dependencies.map((dependency) => dependency.id),
  };
}

export type ProgramProblem = "required" | "tooLong";

/** What is wrong before sending: a name is required, both texts have a maximum length. */
export function programFormProblems(
  form: ProgramForm,
): Partial<Record<"name" | "description", ProgramProblem>> {
  const problems: Partial<Record<"name" | "description", ProgramProblem>> = {};
  const name = form.name.trim();
  if (name === "") problems.name = "required";
  else if (name.length > MAX_NAME_LENGTH) problems.name = "tooLong";
  if (form.description.length > MAX_DESCRIPTION_LENGTH) problems.description = "tooLong";
  return problems;
}

export function programPayloadOf(form: ProgramForm) {
  return {
    name: form.name.trim(),
    description: form.description,
    isActive: form.isActive,
    dependencyIds: form.dependencyIds,
  };
}

/** The programs a program may depend on: all others, by name, inactive ones marked by the caller. */
export function dependencyOptions(
  programs: readonly Program[],
  selfId: string | null,
  inactiveLabel: (name: string) => string,
): { value: string; label: string }[] {
  return programs
    .filter((program) => program.id !== selfId)
    .map((program) => ({
      value: program.id,
      label: program.isActive ? program.name : inactiveLabel(program.name),
    }));
}

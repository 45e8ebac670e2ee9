import type { TFunction } from "i18next";
import type { Ability } from "../../app/navigation";
import { errorMessage } from "../../components/QueryState";
import { explainRoleError, type RoleAction } from "./model";

/** Ability names in the user's language, joined; "view only" for none. */
export function abilityList(abilities: readonly Ability[], t: TFunction, common: TFunction): string {
  if (abilities.length === 0) return t("holders.viewOnly");
  return abilities.map((ability) => common(`abilityNames.${ability}`)).join(", ");
}

/** A refusal of the server in this page's words, else the shared ones. */
export function refusalText(
  error: unknown,
  action: RoleAction,
  code: string,
  t: TFunction,
  common: TFunction,
): string {
  const explanation = explainRoleError(error, action, code);
  if (!explanation) return errorMessage(error, common);
  return t(explanation.key, {
    code: explanation.code,
    abilities: explanation.abilities && abilityList(explanation.abilities, t, common),
  });
}

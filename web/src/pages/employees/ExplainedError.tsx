import { Alert } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../components/QueryState";
import { type EmployeeAction, explainEmployeeError } from "./model";

/** A refused action in this page's own words, or the shared texts where they say it well. */
export function ExplainedError({
  error,
  action,
  code,
}: {
  error: unknown;
  action: EmployeeAction;
  code?: string;
}) {
  const { t } = useTranslation("employees");
  const { t: common } = useTranslation();
  const explanation = explainEmployeeError(error, action, { code });
  if (!explanation) return <ErrorAlert error={error} />;
  return (
    <Alert color="red" title={common("error.title")} role="alert" data-testid="action-error">
      {t(explanation.key, explanation.values)}
    </Alert>
  );
}

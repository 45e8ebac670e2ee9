import { useTranslation } from "react-i18next";
import { PageHeader } from "../../../components/PageHeader";

/** Placeholder: executions across customers */
export default function ExecutionsPage() {
  const { t } = useTranslation("staffExecutions");
  return <PageHeader title={t("title")} />;
}

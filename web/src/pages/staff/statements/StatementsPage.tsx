import { useTranslation } from "react-i18next";
import { PageHeader } from "../../../components/PageHeader";

/** Placeholder: monthly statements */
export default function StatementsPage() {
  const { t } = useTranslation("staffStatements");
  return <PageHeader title={t("title")} />;
}

import { useTranslation } from "react-i18next";
import { PageHeader } from "../../../components/PageHeader";

/** Placeholder: audit log search */
export default function AuditPage() {
  const { t } = useTranslation("staffAudit");
  return <PageHeader title={t("title")} />;
}

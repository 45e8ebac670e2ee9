import { useTranslation } from "react-i18next";
import { PageHeader } from "../../../components/PageHeader";

/** Placeholder: one complaint */
export default function ComplaintDetailPage() {
  const { t } = useTranslation("staffComplaints");
  return <PageHeader title={t("title")} />;
}

import { useTranslation } from "react-i18next";
import { PageHeader } from "../../../components/PageHeader";

/** Placeholder: complaints queue */
export default function ComplaintsPage() {
  const { t } = useTranslation("staffComplaints");
  return <PageHeader title={t("title")} />;
}

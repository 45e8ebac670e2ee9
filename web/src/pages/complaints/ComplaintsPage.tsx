import { useTranslation } from "react-i18next";
import { PageHeader } from "../../components/PageHeader";

/** Placeholder: the customer's complaints */
export default function ComplaintsPage() {
  const { t } = useTranslation("complaints");
  return <PageHeader title={t("title")} />;
}

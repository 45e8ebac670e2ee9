import { useTranslation } from "react-i18next";
import { PageHeader } from "../../components/PageHeader";

/** Placeholder: one complaint with its thread */
export default function ComplaintDetailPage() {
  const { t } = useTranslation("complaints");
  return <PageHeader title={t("title")} />;
}

import { useTranslation } from "react-i18next";
import { PageHeader } from "../../../components/PageHeader";

/** Placeholder: one customer: master data, addresses, links */
export default function CustomerDetailPage() {
  const { t } = useTranslation("staffCustomers");
  return <PageHeader title={t("title")} />;
}

import { useTranslation } from "react-i18next";
import { PageHeader } from "../../../components/PageHeader";

/** Placeholder: customers list and create */
export default function CustomersPage() {
  const { t } = useTranslation("staffCustomers");
  return <PageHeader title={t("title")} />;
}

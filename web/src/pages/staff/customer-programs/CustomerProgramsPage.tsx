import { useTranslation } from "react-i18next";
import { PageHeader } from "../../../components/PageHeader";

/** Placeholder: customer programs: pricing, tiers, time accounts */
export default function CustomerProgramsPage() {
  const { t } = useTranslation("staffCustomerPrograms");
  return <PageHeader title={t("title")} />;
}

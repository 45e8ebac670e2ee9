import { useTranslation } from "react-i18next";
import { PageHeader } from "../../../components/PageHeader";

/** Placeholder: time accounts: top-up, adjustment, ledger */
export default function TimeAccountsPage() {
  const { t } = useTranslation("staffTimeAccounts");
  return <PageHeader title={t("title")} />;
}

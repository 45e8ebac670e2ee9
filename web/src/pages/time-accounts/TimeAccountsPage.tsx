// PLACEHOLDER: replaced by the page's implementation.
import { PageHeader } from "../../components/PageHeader";

export default function TimeAccountsPage() {
  return <PageHeader title="TimeAccountsPage" />;
}

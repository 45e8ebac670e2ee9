// PLACEHOLDER: replaced by the page's implementation.
import { PageHeader } from "../../components/PageHeader";

export default function CustomerPage() {
  return <PageHeader title="CustomerPage" />;
}

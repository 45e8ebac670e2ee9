// PLACEHOLDER: replaced by the page's implementation.
import { PageHeader } from "../../components/PageHeader";

export default function LoginPage() {
  return <PageHeader title="LoginPage" />;
}

import { SuppliersPage } from "../features/suppliers/SuppliersPage";

export default function SuppliersRoute() {
  return <SuppliersPage />;
}

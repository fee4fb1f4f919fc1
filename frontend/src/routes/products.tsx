import { ProductsPage } from "../features/products/ProductsPage";

export default function ProductsRoute() {
  return <ProductsPage />;
}

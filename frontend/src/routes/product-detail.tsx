import { useParams } from "react-router-dom";
import { ProductDetail } from "../features/products/ProductDetail";

export default function ProductDetailRoute() {
  const { id } = useParams();
  const productId = Number(id);
  // key: a fresh page (forms, editors) per product
  return <ProductDetail key={productId} id={productId} />;
}

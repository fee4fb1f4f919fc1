import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../client";
import type {
  ChannelSkuCreate,
  ComponentInput,
  ProductCreate,
  ProductPatch,
  ProductQuery,
} from "../../client/types";

export const productKeys = {
  all: ["products"] as const,
  list: (query: ProductQuery) => ["products", "list", query] as const,
  detail: (id: number) => ["products", "detail", id] as const,
  categories: ["categories"] as const,
};

export function useProducts(query: ProductQuery, enabled = true) {
  return useQuery({
    queryKey: productKeys.list(query),
    queryFn: () => unwrap(api.GET("/api/products", { params: { query } })),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useProduct(id: number) {
  return useQuery({
    queryKey: productKeys.detail(id),
    queryFn: () => unwrap(api.GET("/api/products/{product_id}", { params: { path: { product_id: id } } })),
    enabled: Number.isFinite(id),
  });
}

export function useCategories() {
  return useQuery({
    queryKey: productKeys.categories,
    queryFn: () => unwrap(api.GET("/api/categories")),
    staleTime: 60_000,
  });
}

/** Anything that changes products also changes balances and categories. */
function useInvalidateCatalog() {
  const qc = useQueryClient();
  return () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: productKeys.all }),
      qc.invalidateQueries({ queryKey: productKeys.categories }),
      qc.invalidateQueries({ queryKey: ["balances"] }),
    ]);
}

export function useCreateProduct() {
  const invalidate = useInvalidateCatalog();
  return useMutation({
    mutationFn: (body: ProductCreate) => unwrap(api.POST("/api/products", { body })),
    onSuccess: invalidate,
  });
}

export function useUpdateProduct(id: number) {
  const invalidate = useInvalidateCatalog();
  return useMutation({
    mutationFn: (body: ProductPatch) =>
      unwrap(api.PATCH("/api/products/{product_id}", { params: { path: { product_id: id } }, body })),
    onSuccess: invalidate,
  });
}

export function useDeleteProduct(id: number) {
  const qc = useQueryClient();
  const invalidate = useInvalidateCatalog();
  return useMutation({
    mutationFn: () =>
      unwrap(api.DELETE("/api/products/{product_id}", { params: { path: { product_id: id } } })),
    onSuccess: async () => {
      qc.removeQueries({ queryKey: productKeys.detail(id) });
      await invalidate();
    },
  });
}

export function useSetComponents(id: number) {
  const invalidate = useInvalidateCatalog();
  return useMutation({
    mutationFn: (body: ComponentInput[]) =>
      unwrap(api.PUT("/api/products/{product_id}/components", { params: { path: { product_id: id } }, body })),
    onSuccess: invalidate,
  });
}

export function useCreateChannelSku() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ChannelSkuCreate) => unwrap(api.POST("/api/channel-skus", { body })),
    onSuccess: (_data, body) => qc.invalidateQueries({ queryKey: productKeys.detail(body.product_id) }),
  });
}

export function useDeleteChannelSku(productId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) =>
      unwrap(api.DELETE("/api/channel-skus/{mapping_id}", { params: { path: { mapping_id: id } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: productKeys.detail(productId) }),
  });
}

/** Uploads an .xlsx to the product import; resolves to the queued job. */
export function useImportProducts() {
  return useMutation({
    mutationFn: (file: File) =>
      unwrap(
        api.POST("/api/products/import", {
          body: { file: file.name },
          bodySerializer: () => {
            const fd = new FormData();
            fd.append("file", file);
            return fd;
          },
        }),
      ),
  });
}

export const PRODUCT_EXPORT_URL = "/api/products/export.xlsx";

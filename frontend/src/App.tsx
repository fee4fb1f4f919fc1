import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from "react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createBrowserRouter, Navigate, RouterProvider, type RouteObject } from "react-router-dom";
import { setUnauthorizedHandler } from "./client";
import { ApiError } from "./lib/errors";
import { Spinner } from "./components/ui";
import { AppLayout } from "./features/layout/AppLayout";
import { meKey } from "./features/auth/api";

// Every page is its own chunk (Recharts-heavy pages later stay out of the main bundle).
const page = (load: () => Promise<{ default: ComponentType }>): LazyExoticComponent<ComponentType> => lazy(load);
const Login = page(() => import("./routes/login"));
const Signup = page(() => import("./routes/signup"));
const Dashboard = page(() => import("./routes/dashboard"));
const Uploads = page(() => import("./routes/uploads"));
const Forecasts = page(() => import("./routes/forecasts"));
const ForecastDetail = page(() => import("./routes/forecast-detail"));
const Orders = page(() => import("./routes/orders"));
const PurchaseOrder = page(() => import("./routes/orders-purchase-order"));
const Alerts = page(() => import("./routes/alerts"));
const Products = page(() => import("./routes/products"));
const ProductDetail = page(() => import("./routes/product-detail"));
const Suppliers = page(() => import("./routes/suppliers"));
const Stock = page(() => import("./routes/stock"));
const Audit = page(() => import("./routes/audit"));
const Members = page(() => import("./routes/members"));
const Settings = page(() => import("./routes/settings"));
const NotFound = page(() => import("./routes/not-found"));

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      refetchOnWindowFocus: false,
      // Client errors (4xx) will not fix themselves: do not retry them.
      retry: (count, error) =>
        !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
    },
  },
});

const publicPage = (el: React.ReactNode) => (
  <Suspense
    fallback={
      <div className="flex min-h-screen items-center justify-center">
        <Spinner />
      </div>
    }
  >
    {el}
  </Suspense>
);

export const routes: RouteObject[] = [
  { path: "/login", element: publicPage(<Login />) },
  { path: "/signup", element: publicPage(<Signup />) },
  {
    path: "/",
    element: <AppLayout />,
    children: [
      { index: true, element: <Navigate to="/products" replace /> },
      { path: "dashboard", element: <Dashboard /> },
      { path: "uploads", element: <Uploads /> },
      { path: "uploads/:id", element: <Uploads /> },
      { path: "forecasts", element: <Forecasts /> },
      { path: "forecasts/:tab", element: <Forecasts /> },
      { path: "forecasts/products/:id", element: <ForecastDetail /> },
      { path: "forecasts/categories/:name", element: <ForecastDetail /> },
      { path: "orders", element: <Orders /> },
      { path: "orders/:tab", element: <Orders /> },
      { path: "orders/purchase-orders/:id", element: <PurchaseOrder /> },
      { path: "alerts", element: <Alerts /> },
      { path: "products", element: <Products /> },
      { path: "products/:id", element: <ProductDetail /> },
      { path: "suppliers", element: <Suppliers /> },
      { path: "stock", element: <Stock /> },
      { path: "audit", element: <Audit /> },
      { path: "members", element: <Members /> },
      { path: "settings", element: <Settings /> },
      { path: "*", element: <NotFound /> },
    ],
  },
];

const router = createBrowserRouter(routes);

const PUBLIC_PATHS = ["/login", "/signup"];

// Any 401 (expired or missing session): forget the user and go to the login page.
setUnauthorizedHandler(() => {
  queryClient.setQueryData(meKey, null);
  const { pathname, search } = window.location;
  if (!PUBLIC_PATHS.includes(pathname)) {
    void router.navigate("/login", { replace: true, state: { from: pathname + search } });
  }
});

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  );
}

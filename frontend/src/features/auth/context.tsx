import { createContext, useContext } from "react";
import type { Me } from "../../client/types";

export const CurrentUserContext = createContext<Me | null>(null);

/** The signed-in user; only valid inside the authenticated layout. */
export function useCurrentUser(): Me {
  const me = useContext(CurrentUserContext);
  if (!me) throw new Error("useCurrentUser outside of the authenticated layout");
  return me;
}

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../client";
import type { Language, LoginBody, Me, PasswordChangeBody, SignupBody } from "../../client/types";
import { ApiError } from "../../lib/errors";
import { hasStoredLanguage, setLanguage } from "../../i18n/store";

export const meKey = ["me"] as const;

/** The signed-in user, or null when there is no session (401). */
export function useMe() {
  return useQuery({
    queryKey: meKey,
    queryFn: async (): Promise<Me | null> => {
      try {
        return await unwrap(api.GET("/api/auth/me"));
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      }
    },
    staleTime: 5 * 60_000,
    retry: false,
  });
}

function adoptLanguage(me: Me) {
  // The account's language applies only until the user picks one with the switch.
  if (!hasStoredLanguage()) setLanguage(me.language, false);
}

export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: LoginBody) => unwrap(api.POST("/api/auth/login", { body })),
    onSuccess: (me) => {
      qc.clear();
      qc.setQueryData(meKey, me);
      adoptLanguage(me);
    },
  });
}

export function useSignup() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: SignupBody) => unwrap(api.POST("/api/auth/signup", { body })),
    onSuccess: (me) => {
      qc.clear();
      qc.setQueryData(meKey, me);
      adoptLanguage(me);
    },
  });
}

export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/auth/logout")),
    onSettled: () => {
      qc.clear();
      qc.setQueryData(meKey, null);
    },
  });
}

export function useChangePassword() {
  return useMutation({
    mutationFn: (body: PasswordChangeBody) => unwrap(api.POST("/api/auth/password", { body })),
  });
}

/** Switch the UI language; when signed in, also keep it on the account. */
export function useSwitchLanguage() {
  const qc = useQueryClient();
  return (language: Language) => {
    setLanguage(language);
    if (qc.getQueryData<Me | null>(meKey)) {
      api
        .PUT("/api/auth/language", { body: { language } })
        .then(({ data }) => {
          if (data) qc.setQueryData(meKey, data);
        })
        .catch(() => {
          /* the local choice still applies */
        });
    }
  };
}

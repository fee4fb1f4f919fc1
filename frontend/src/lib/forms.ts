import type { FieldValues, Path, UseFormSetError } from "react-hook-form";
import { ApiError } from "./errors";

/**
 * Copies a 422's `fields: [{field, message}]` onto the matching form fields (messages are
 * already localized by the server). Returns true if any field error was applied.
 */
export function applyServerFieldErrors<T extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<T>,
  known: readonly Path<T>[],
): boolean {
  if (!(error instanceof ApiError) || error.fields.length === 0) return false;
  let applied = false;
  for (const f of error.fields) {
    const name = f.field.split(".").pop() as Path<T>;
    if (known.includes(name)) {
      setError(name, { type: "server", message: f.message });
      applied = true;
    }
  }
  return applied;
}

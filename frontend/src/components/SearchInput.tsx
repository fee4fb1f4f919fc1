import { useEffect, useState } from "react";
import { Input } from "./ui";
import { useDebounced } from "../lib/useDebounced";

/** A search box that reports its value after the user pauses typing. */
export function SearchInput({
  value,
  onChange,
  placeholder,
  className,
  testId,
  list,
  type = "search",
}: {
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  className?: string;
  testId?: string;
  list?: string;
  type?: "search" | "text";
}) {
  const [text, setText] = useState(value);
  const debounced = useDebounced(text, 300);
  // Follow outside changes (e.g. back button, reset).
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (debounced !== value) onChange(debounced);
    // Only react to typing, not to `value`/`onChange` identity changes.
  }, [debounced]);
  return (
    <Input
      type={type}
      list={list}
      value={text}
      onChange={(e) => setText(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === "Enter") onChange(text);
      }}
      placeholder={placeholder}
      aria-label={placeholder}
      className={className}
      data-testid={testId}
    />
  );
}

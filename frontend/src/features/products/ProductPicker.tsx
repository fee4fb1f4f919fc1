import { useId, useState } from "react";
import { useT } from "../../i18n";
import { Button, Input } from "../../components/ui";
import { useDebounced } from "../../lib/useDebounced";
import type { Product, ProductKind } from "../../client/types";
import { useProducts } from "./api";

export interface PickedProduct {
  id: number;
  master_sku: string;
  name: string;
  kind?: ProductKind;
}

/** Search products by SKU or name and pick one. */
export function ProductPicker({
  value,
  onChange,
  exclude = [],
  inputId,
  invalid,
  testId = "product-picker",
  disabled,
}: {
  value: PickedProduct | null;
  onChange: (p: PickedProduct | null) => void;
  exclude?: number[];
  inputId?: string;
  invalid?: boolean;
  testId?: string;
  disabled?: boolean;
}) {
  const t = useT();
  const listId = useId();
  const [text, setText] = useState("");
  const [open, setOpen] = useState(false);
  const q = useDebounced(text.trim(), 250);
  const results = useProducts({ q: q || undefined, page: 1, page_size: 10 }, open && !value);
  // Never offer results of an earlier search: the user could pick the wrong product.
  const stale = results.isPending || results.isPlaceholderData || text.trim() !== q;
  const options: Product[] = stale ? [] : (results.data?.items ?? []).filter((p) => !exclude.includes(p.id));

  if (value) {
    return (
      <div
        className="flex items-center justify-between gap-2 rounded-md border border-slate-300 bg-slate-50 px-3 py-2 text-sm"
        data-testid={`${testId}-selected`}
      >
        <span className="truncate">
          <span className="font-mono text-xs text-slate-500">{value.master_sku}</span>{" "}
          <span className="font-medium">{value.name}</span>
        </span>
        {!disabled && (
          <Button variant="ghost" size="sm" onClick={() => onChange(null)} data-testid={`${testId}-clear`}>
            {t("picker.change")}
          </Button>
        )}
      </div>
    );
  }

  return (
    <div className="relative" data-testid={testId}>
      <Input
        id={inputId}
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-invalid={invalid}
        disabled={disabled}
        placeholder={t("picker.placeholder")}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={(e) => {
          if (e.key === "Escape") setOpen(false);
          if (e.key === "Enter") {
            e.preventDefault();
            const first = options[0];
            if (first) onChange({ id: first.id, master_sku: first.master_sku, name: first.name, kind: first.kind });
          }
        }}
        data-testid={`${testId}-input`}
      />
      {open && (
        <ul
          id={listId}
          role="listbox"
          className="absolute z-20 mt-1 max-h-64 w-full overflow-y-auto rounded-md border border-slate-200 bg-white py-1 text-sm shadow-lg"
        >
          {stale ? (
            <li className="px-3 py-2 text-slate-500">{t("common.loading")}</li>
          ) : options.length === 0 ? (
            <li className="px-3 py-2 text-slate-500">{t("picker.noResults")}</li>
          ) : (
            options.map((p) => (
              <li key={p.id} role="option" aria-selected={false}>
                <button
                  type="button"
                  className="flex w-full items-baseline gap-2 px-3 py-1.5 text-left hover:bg-sky-50"
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => {
                    onChange({ id: p.id, master_sku: p.master_sku, name: p.name, kind: p.kind });
                    setText("");
                    setOpen(false);
                  }}
                  data-testid="product-option"
                >
                  <span className="font-mono text-xs text-slate-500">{p.master_sku}</span>
                  <span className="truncate">{p.name}</span>
                  <span className="ml-auto text-xs text-slate-400">{t(`product.kind.${p.kind}`)}</span>
                </button>
              </li>
            ))
          )}
        </ul>
      )}
    </div>
  );
}

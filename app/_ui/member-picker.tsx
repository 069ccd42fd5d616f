"use client";

import { useEffect, useId, useRef, useState } from "react";
import { TextField } from "./field";

interface Suggestion {
  employeeNo: string;
  name: string;
  unitName: string;
}

/**
 * An employee-number field that suggests members as one types a name, a part of a number, a
 * station or pinyin (lxy → 林晓雨); choosing one fills in the number, so the form posts the
 * number as before. Suggestions come from /api/members/search, inside the user's `member.read`
 * scope; without that right (a technician verifying) it stays a plain field. A list of buttons
 * rather than a <datalist>: browsers filter a datalist by its own text, which hides a match by
 * pinyin.
 */
export function MemberPicker({
  label,
  name,
  hint,
  required,
  maxLength = 40,
  suggestionsLabel,
}: {
  label: string;
  name: string;
  hint?: string;
  required?: boolean;
  maxLength?: number;
  suggestionsLabel: string;
}) {
  const listId = `${useId()}-members`;
  const [options, setOptions] = useState<Suggestion[]>([]);
  const [text, setText] = useState("");
  const picked = useRef<string | null>(null);

  useEffect(() => {
    const q = text.trim();
    if (q === "" || picked.current === q) {
      setOptions([]);
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      try {
        const res = await fetch("/api/members/search", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ q }),
          signal: controller.signal,
        });
        if (!res.ok) return;
        const data = (await res.json()) as { members?: Suggestion[] };
        setOptions(data.members ?? []);
      } catch {
        // Offline or aborted: the field still takes a number typed in full.
      }
    }, 200);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [text]);

  return (
    <div>
      <TextField
        label={label}
        name={name}
        hint={hint}
        required={required}
        maxLength={maxLength}
        autoComplete="off"
        aria-controls={listId}
        value={text}
        onChange={(e) => {
          picked.current = null;
          setText(e.target.value);
        }}
      />
      <ul id={listId} aria-label={suggestionsLabel} className={options.length ? "mt-1 rounded-md border border-slate-200 bg-white shadow-sm" : "hidden"}>
        {options.map((o) => (
          <li key={o.employeeNo}>
            <button
              type="button"
              className="block min-h-10 w-full px-3 py-2 text-left text-sm hover:bg-brand-50 focus:bg-brand-50 focus:outline-none"
              onClick={() => {
                picked.current = o.employeeNo;
                setText(o.employeeNo);
              }}
            >
              <span className="font-medium">{o.name}</span> <span className="text-slate-500">· {o.unitName} · </span>
              <span className="font-mono">{o.employeeNo}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

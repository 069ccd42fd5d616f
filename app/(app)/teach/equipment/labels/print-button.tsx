"use client";

import { buttonClass } from "@/app/_ui/button";

/** Opens the browser's print dialog (the sheet's print styles hide everything but the labels). */
export function PrintButton({ label }: { label: string }) {
  return (
    <button type="button" className={buttonClass("primary")} onClick={() => window.print()}>
      {label}
    </button>
  );
}

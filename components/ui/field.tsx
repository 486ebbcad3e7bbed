import type { ReactNode } from "react";

/** A labelled form control; the wrapping label names the control for screen readers and tests. */
export function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control is always passed as a child, which the label wraps.
    <label className="field">
      <span>{label}</span>
      {children}
    </label>
  );
}

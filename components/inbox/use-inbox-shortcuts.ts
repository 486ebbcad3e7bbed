"use client";

import { useEffect, useRef } from "react";

export type InboxShortcuts = {
  next(): void;
  previous(): void;
  claim(): void;
  resolve(): void;
  focusComposer(): void;
  focusSearch(): void;
  toggleHelp(): void;
  escape(): void;
};

/** The keys, for the help overlay. */
export const SHORTCUT_KEYS = [
  ["J", "shortcuts.next"],
  ["K", "shortcuts.previous"],
  ["A", "shortcuts.claim"],
  ["E", "shortcuts.resolve"],
  ["R", "shortcuts.reply"],
  ["/", "shortcuts.search"],
  ["?", "shortcuts.help"],
] as const;

function typingInField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

/** Single keys, as in Gmail and Zendesk: ignored while typing, so they never eat a reply's letters. */
export function useInboxShortcuts(handlers: InboxShortcuts) {
  // The latest handlers, without re-registering the listener on every render.
  const latest = useRef(handlers);
  latest.current = handlers;
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const handlers = latest.current;
      if (event.key === "Escape") {
        handlers.escape();
        return;
      }
      if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing || typingInField(event.target)) return;
      const action: Record<string, () => void> = {
        j: handlers.next,
        k: handlers.previous,
        a: handlers.claim,
        e: handlers.resolve,
        r: handlers.focusComposer,
        "/": handlers.focusSearch,
        "?": handlers.toggleHelp,
      };
      const run = action[event.key.toLowerCase()] ?? action[event.key];
      if (!run) return;
      event.preventDefault();
      run();
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, []);
}

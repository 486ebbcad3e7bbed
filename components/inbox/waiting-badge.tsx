"use client";

import { useEffect, useState } from "react";

/** How long the customer has waited for a human, ticking; amber after 2 minutes, red after 10. */
export function WaitingBadge({ since }: { since: string | null }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!since) return;
    const timer = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(timer);
  }, [since]);
  if (!since) return null;
  const minutes = Math.max(0, Math.floor((now - new Date(since).getTime()) / 60_000));
  const label = minutes < 60 ? `${minutes}m` : `${Math.floor(minutes / 60)}h${minutes % 60}m`;
  const level = minutes >= 10 ? "late" : minutes >= 2 ? "slow" : "fresh";
  return (
    <span className={`waiting-badge waiting-${level}`} data-testid="waiting-badge" title={since}>
      ⏱ {label}
    </span>
  );
}

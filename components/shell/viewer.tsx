"use client";

import { createContext, type ReactNode, useContext } from "react";
import type { Permission } from "@/server/auth/permissions";
import type { ShellUser } from "./user-menu";

type Viewer = { user: ShellUser; permissions: Permission[] };

const ViewerContext = createContext<Viewer | null>(null);

/** Who is using this console tab, as the server established it (and re-checks on every request). */
export function ViewerProvider({ viewer, children }: { viewer: Viewer; children: ReactNode }) {
  return <ViewerContext.Provider value={viewer}>{children}</ViewerContext.Provider>;
}

export function useViewer(): Viewer {
  const viewer = useContext(ViewerContext);
  if (!viewer) throw new Error("useViewer outside ViewerProvider");
  return viewer;
}

"use client";

import { createContext, type ReactNode, useContext, useEffect, useState } from "react";
import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "@/server/realtime/events";
import { useRealtimeSync } from "./use-realtime-sync";

export type RealtimeSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type RealtimeStatus = "connecting" | "connected" | "disconnected";

const RealtimeContext = createContext<{ socket: RealtimeSocket | null; status: RealtimeStatus }>({
  socket: null,
  status: "connecting",
});

/** One socket per console tab, authenticated by the session cookie during the handshake. */
export function RealtimeProvider({ children }: { children: ReactNode }) {
  const [socket, setSocket] = useState<RealtimeSocket | null>(null);
  const [status, setStatus] = useState<RealtimeStatus>("connecting");

  useEffect(() => {
    const next: RealtimeSocket = io({ withCredentials: true, transports: ["websocket", "polling"] });
    next.on("connect", () => setStatus("connected"));
    next.on("disconnect", () => setStatus("disconnected"));
    next.io.on("reconnect_attempt", () => setStatus("connecting"));
    next.on("connect_error", () => setStatus("disconnected"));
    setSocket(next);
    return () => {
      next.disconnect();
    };
  }, []);

  useRealtimeSync(socket);
  return <RealtimeContext.Provider value={{ socket, status }}>{children}</RealtimeContext.Provider>;
}

export function useRealtime() {
  return useContext(RealtimeContext);
}

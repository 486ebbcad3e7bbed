"use client";

import { useQuery } from "@tanstack/react-query";
import type { Colleague } from "@/server/users/list-colleagues";
import { apiFetch } from "../query/fetcher";
import { colleagueKeys } from "../query/query-keys";

/** Everyone's name, team and live presence (patched by agent.presence_changed). */
export function useColleagues() {
  return useQuery({
    queryKey: colleagueKeys.all,
    queryFn: async () => (await apiFetch<{ colleagues: Colleague[] }>("/api/colleagues")).colleagues,
    staleTime: 60_000,
  });
}

export function useColleagueName(): (userId: string | null) => string | null {
  const colleagues = useColleagues();
  return (userId) => (userId ? (colleagues.data?.find((person) => person.id === userId)?.name ?? null) : null);
}

"use client";

import { useQuery } from "@tanstack/react-query";
import type { UserDto } from "@/server/users/user-dto";
import { apiFetch } from "../query/fetcher";
import { teamKeys, userKeys } from "../query/query-keys";

export type TeamDto = { id: string; name: string; isPrivate: boolean; skills: string[]; memberCount: number };

export function useUsers() {
  return useQuery({
    queryKey: userKeys.list(),
    queryFn: () => apiFetch<{ users: UserDto[] }>("/api/users").then((data) => data.users),
  });
}

export function useTeams() {
  return useQuery({
    queryKey: teamKeys.list(),
    queryFn: () => apiFetch<{ teams: TeamDto[] }>("/api/teams").then((data) => data.teams),
  });
}

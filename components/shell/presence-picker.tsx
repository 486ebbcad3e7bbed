"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { Colleague } from "@/server/users/list-colleagues";
import { useI18n } from "../i18n/i18n-provider";
import { useColleagues } from "../people/use-colleagues";
import { apiFetch } from "../query/fetcher";
import { colleagueKeys } from "../query/query-keys";
import { useViewer } from "./viewer";

const CHOICES = ["ONLINE", "BUSY", "AWAY"] as const;

/** Online takes new conversations; busy and away keep theirs but get no new ones. */
export function PresencePicker() {
  const { t } = useI18n();
  const { user } = useViewer();
  const queryClient = useQueryClient();
  const colleagues = useColleagues();
  const mine = colleagues.data?.find((person) => person.id === user.id)?.presence ?? "ONLINE";
  const change = useMutation({
    mutationFn: (presence: (typeof CHOICES)[number]) =>
      apiFetch("/api/me/presence", { method: "PUT", body: { presence } }),
    onSuccess: (_result, presence) => {
      queryClient.setQueryData<Colleague[]>(colleagueKeys.all, (people) =>
        people?.map((person) => (person.id === user.id ? { ...person, presence } : person)),
      );
      // A read of the roster that left before this change (the refetch after connecting) must not
      // land after it and put the old presence back: cancel it and read again.
      void queryClient.invalidateQueries({ queryKey: colleagueKeys.all });
    },
  });
  return (
    <label className={`presence-picker presence-${mine.toLowerCase()}`}>
      <span className="presence-dot" aria-hidden />
      <select
        value={mine === "OFFLINE" ? "ONLINE" : mine}
        onChange={(event) => change.mutate(event.target.value as (typeof CHOICES)[number])}
        aria-label={t("presence.label")}
        data-testid="presence-picker"
      >
        {CHOICES.map((choice) => (
          <option key={choice} value={choice}>
            {t(`presence.${choice}`)}
          </option>
        ))}
      </select>
    </label>
  );
}

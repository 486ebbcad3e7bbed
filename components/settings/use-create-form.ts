"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { apiFetch } from "../query/fetcher";

/**
 * A settings form that creates something: POSTs the body, refreshes the list it belongs to and
 * resets the form (a new key remounts it empty) on success. `create.data` is what the server answered.
 */
export function useCreateForm<Body, Created = unknown>(url: string, listKey: readonly unknown[]) {
  const queryClient = useQueryClient();
  const [formKey, setFormKey] = useState(0);
  const create = useMutation({
    mutationFn: (body: Body) => apiFetch<Created>(url, { method: "POST", body }),
    onSuccess: () => {
      setFormKey((key) => key + 1);
      return queryClient.invalidateQueries({ queryKey: listKey });
    },
  });
  return { formKey, create };
}

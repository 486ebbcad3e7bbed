"use client";
// Settings → 知识库: the articles the bot answers from (server/ai/knowledge/), imported and exported
// as CSV or JSONL, and what customers asked it: the missed questions, most frequent first, each
// one click from becoming a variant of an article or a new article.

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type ChangeEvent, type FormEvent, useState } from "react";
import type { AskedQuestion } from "@/server/ai/knowledge/bot-questions";
import type { KnowledgeArticleDto } from "@/server/ai/knowledge/knowledge-articles";
import { useI18n } from "../i18n/i18n-provider";
import { useErrorText } from "../query/error-text";
import { apiFetch } from "../query/fetcher";
import { knowledgeKeys } from "../query/query-keys";
import { Field } from "../ui/field";

type Draft = { id?: string; question: string; variants: string[]; answer: string; tags: string[]; enabled: boolean };
const EMPTY: Draft = { question: "", variants: [], answer: "", tags: [], enabled: true };
const lines = (text: string) =>
  text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);

function ArticleForm(props: { draft: Draft; onDone: () => void }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: ({ id, ...body }: Draft) =>
      id
        ? apiFetch(`/api/knowledge-articles/${id}`, { method: "PATCH", body })
        : apiFetch("/api/knowledge-articles", { method: "POST", body }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: knowledgeKeys.all });
      props.onDone();
    },
  });
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    save.mutate({
      id: props.draft.id,
      question: String(form.get("question") ?? ""),
      variants: lines(String(form.get("variants") ?? "")),
      answer: String(form.get("answer") ?? ""),
      tags: String(form.get("tags") ?? "")
        .split(/[,，\s]+/)
        .filter(Boolean),
      enabled: form.get("enabled") === "on",
    });
  };
  return (
    <form className="card form-grid" onSubmit={onSubmit} data-testid="knowledge-form">
      <Field label={t("knowledge.question")}>
        <input name="question" required maxLength={200} defaultValue={props.draft.question} />
      </Field>
      <Field label={t("knowledge.variants")}>
        <textarea name="variants" rows={4} defaultValue={props.draft.variants.join("\n")} />
      </Field>
      <Field label={t("knowledge.answer")}>
        <textarea name="answer" rows={4} required maxLength={2000} defaultValue={props.draft.answer} />
      </Field>
      <Field label={t("knowledge.tags")}>
        <input name="tags" defaultValue={props.draft.tags.join(", ")} />
      </Field>
      <label className="checkbox">
        <input type="checkbox" name="enabled" defaultChecked={props.draft.enabled} /> {t("knowledge.enabled")}
      </label>
      {save.isError && (
        <p className="form-error" role="alert">
          {errorText(save.error)}
        </p>
      )}
      <div className="inline-actions">
        <button type="submit" disabled={save.isPending}>
          {t("settings.save")}
        </button>
        <button type="button" className="button-ghost" onClick={props.onDone}>
          {t("common.cancel")}
        </button>
      </div>
    </form>
  );
}

function ImportButton() {
  const { t } = useI18n();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const upload = useMutation({
    mutationFn: async (file: File) => {
      const format = file.name.toLowerCase().endsWith(".csv") ? "csv" : "jsonl";
      return apiFetch<{ created: number; updated: number }>("/api/knowledge-articles/import", {
        method: "POST",
        body: { format, content: await file.text() },
      });
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: knowledgeKeys.all }),
  });
  const onChange = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.currentTarget.files?.[0];
    if (file) upload.mutate(file);
    event.currentTarget.value = "";
  };
  return (
    <span className="inline-actions">
      <label className="button-ghost">
        {t("knowledge.import")}
        <input type="file" accept=".csv,.jsonl,.json" hidden onChange={onChange} data-testid="knowledge-import" />
      </label>
      {upload.isSuccess && (
        <span className="muted small" role="status">
          {t("knowledge.imported", upload.data)}
        </span>
      )}
      {upload.isError && (
        <span className="form-error" role="alert">
          {errorText(upload.error)}
        </span>
      )}
    </span>
  );
}

function MissedQuestion(props: {
  question: AskedQuestion;
  articles: KnowledgeArticleDto[];
  onNewArticle: (question: string) => void;
}) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const [articleId, setArticleId] = useState("");
  const add = useMutation({
    mutationFn: () =>
      apiFetch(`/api/knowledge-articles/${articleId}/variants`, {
        method: "POST",
        body: { variant: props.question.text },
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: knowledgeKeys.articles() }),
  });
  return (
    <tr data-testid="missed-question">
      <td>{props.question.text}</td>
      <td>{props.question.count}</td>
      <td className="inline-actions">
        <select
          value={articleId}
          onChange={(event) => setArticleId(event.currentTarget.value)}
          aria-label={t("knowledge.asVariantOf")}
        >
          <option value="">{t("knowledge.asVariantOf")}</option>
          {props.articles.map((article) => (
            <option key={article.id} value={article.id}>
              {article.question}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="button-ghost"
          disabled={!articleId || add.isPending || add.isSuccess}
          onClick={() => add.mutate()}
        >
          {add.isSuccess ? t("knowledge.variantAdded") : t("knowledge.addVariant")}
        </button>
        <button type="button" className="button-link" onClick={() => props.onNewArticle(props.question.text)}>
          {t("knowledge.newFromQuestion")}
        </button>
        {add.isError && <span className="form-error">{errorText(add.error)}</span>}
      </td>
    </tr>
  );
}

export function KnowledgePanel() {
  const { t } = useI18n();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<Draft | null>(null);
  const [filter, setFilter] = useState("");
  const articles = useQuery({
    queryKey: knowledgeKeys.articles(),
    queryFn: () =>
      apiFetch<{ articles: KnowledgeArticleDto[] }>("/api/knowledge-articles").then((answer) => answer.articles),
  });
  const questions = useQuery({
    queryKey: knowledgeKeys.questions(),
    queryFn: () =>
      apiFetch<{ days: number; answered: AskedQuestion[]; missed: AskedQuestion[] }>("/api/knowledge-questions"),
  });
  const change = useMutation({
    mutationFn: (action: { article: KnowledgeArticleDto; remove?: boolean }) =>
      action.remove
        ? apiFetch(`/api/knowledge-articles/${action.article.id}`, { method: "DELETE" })
        : apiFetch(`/api/knowledge-articles/${action.article.id}`, {
            method: "PATCH",
            body: { enabled: !action.article.enabled },
          }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: knowledgeKeys.articles() }),
  });
  const all = articles.data ?? [];
  const needle = filter.trim().toLowerCase();
  const shown = needle
    ? all.filter((article) =>
        [article.question, article.answer, ...article.variants, ...article.tags].some((text) =>
          text.toLowerCase().includes(needle),
        ),
      )
    : all;
  const questionOf = new Map(all.map((article) => [article.id, article.question]));
  return (
    <div className="stack" data-testid="knowledge">
      <div className="card stack">
        <p className="muted small">{t("knowledge.explain")}</p>
        <div className="inline-actions">
          <button type="button" onClick={() => setEditing(EMPTY)}>
            {t("knowledge.new")}
          </button>
          <ImportButton />
          <a className="button-ghost" href="/api/knowledge-articles/export?format=csv" download>
            {t("knowledge.exportCsv")}
          </a>
          <a className="button-ghost" href="/api/knowledge-articles/export?format=jsonl" download>
            {t("knowledge.exportJsonl")}
          </a>
          <input
            type="search"
            placeholder={t("knowledge.filter")}
            value={filter}
            onChange={(event) => setFilter(event.currentTarget.value)}
          />
        </div>
        {editing && (
          <ArticleForm key={editing.id ?? editing.question} draft={editing} onDone={() => setEditing(null)} />
        )}
        {change.isError && <p className="form-error">{errorText(change.error)}</p>}
        <table className="table" data-testid="knowledge-articles">
          <thead>
            <tr>
              <th>{t("knowledge.question")}</th>
              <th>{t("knowledge.answer")}</th>
              <th>{t("knowledge.tags")}</th>
              <th>{t("knowledge.enabled")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {shown.map((article) => (
              <tr key={article.id} className={article.enabled ? undefined : "muted"}>
                <td>
                  {article.question}
                  {article.variants.length > 0 && (
                    <span className="muted small">
                      {" "}
                      +{t("knowledge.variantCount", { count: article.variants.length })}
                    </span>
                  )}
                </td>
                <td className="small">{article.answer}</td>
                <td className="small">{article.tags.join(", ")}</td>
                <td>
                  <input
                    type="checkbox"
                    checked={article.enabled}
                    aria-label={t("knowledge.enabled")}
                    onChange={() => change.mutate({ article })}
                  />
                </td>
                <td className="inline-actions">
                  <button type="button" className="button-link" onClick={() => setEditing(article)}>
                    {t("knowledge.edit")}
                  </button>
                  <button
                    type="button"
                    className="button-link"
                    onClick={() =>
                      window.confirm(t("knowledge.confirmDelete")) && change.mutate({ article, remove: true })
                    }
                  >
                    {t("knowledge.delete")}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="card stack">
        <h2>{t("knowledge.missed", { days: questions.data?.days ?? 30 })}</h2>
        <table className="table" data-testid="missed-questions">
          <thead>
            <tr>
              <th>{t("knowledge.customerAsked")}</th>
              <th>{t("knowledge.times")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {questions.data?.missed.map((question) => (
              <MissedQuestion
                key={question.key}
                question={question}
                articles={all}
                onNewArticle={(text) => setEditing({ ...EMPTY, question: text })}
              />
            ))}
          </tbody>
        </table>
        <h2>{t("knowledge.answered", { days: questions.data?.days ?? 30 })}</h2>
        <table className="table" data-testid="answered-questions">
          <thead>
            <tr>
              <th>{t("knowledge.customerAsked")}</th>
              <th>{t("knowledge.times")}</th>
              <th>{t("knowledge.answeredWith")}</th>
            </tr>
          </thead>
          <tbody>
            {questions.data?.answered.map((question) => (
              <tr key={question.key}>
                <td>{question.text}</td>
                <td>{question.count}</td>
                <td className="small">{question.articleId ? (questionOf.get(question.articleId) ?? "—") : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

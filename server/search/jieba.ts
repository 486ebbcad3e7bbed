// One jieba word cutter for the process (search, triage, knowledge retrieval): loading its
// dictionary takes tens of milliseconds and megabytes, so it is loaded once, on first use.
import { Jieba } from "@node-rs/jieba";
import { dict } from "@node-rs/jieba/dict";

let jieba: Jieba | undefined;

export function jiebaCutter(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

// The projector screen's texts: translated strings from the template's #i18n block, plural
// forms, numbers set in big type inside a sentence, dates in the workshop's language.
import { h, plural, readJSON } from "./live.js";

export const T = readJSON("i18n");

/** A plural string of the #i18n block for `n`, e.g. count("votes", 3) → "3 votes". */
export function count(key, n) {
  return plural(T[key], n, T.lang);
}

/**
 * The sentence T[key] for `n` as nodes, its number wrapped in `<span class=numberClass>` so
 * it can be set big; the translation stays one sentence ("{n} conflicts avoided…").
 */
export function sentence(key, n, numberClass, extra = {}) {
  const forms = T[key];
  const template = typeof forms === "string" ? forms : forms?.[pluralRule(n)] ?? forms?.other ?? "";
  const parts = String(template).split("{n}");
  const nodes = [];
  parts.forEach((part, i) => {
    if (i > 0) nodes.push(h("span", { class: numberClass, ...extra }, String(n)));
    if (part) nodes.push(part);
  });
  return nodes;
}

function pluralRule(n) {
  try {
    return new Intl.PluralRules(T.lang).select(n);
  } catch {
    return n === 1 ? "one" : "other";
  }
}

/** A "YYYY-MM-DD" date as the room reads it ("31 Jan 2027"); the raw text if unreadable. */
export function formatDay(iso) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
  if (!match) return iso || "";
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  try {
    return new Intl.DateTimeFormat(T.lang, { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" })
      .format(date);
  } catch {
    return iso;
  }
}

/** A text kept in a `<template data-…>` of the page, picked by its data attribute. */
export function templateText(root, selector, attribute, value) {
  const holder = root.querySelector(selector);
  const node = holder?.content.querySelector(`[data-${attribute}="${CSS.escape(value)}"]`);
  return node ? node.textContent : "";
}

/** The contributions of `kind` (visible ones: the screen never receives hidden ones). */
export function ofKind(state, kind) {
  return state.topics.filter((t) => (t.kind || "topic") === kind);
}

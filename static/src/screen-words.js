// The closing words as a cloud: one entry per word (case and accents ignored for counting),
// sized by how often it was said, placed on a spiral from the centre without overlapping.
// Plain DOM: each word is measured as rendered, then moved into place with a transform.
import { fill, h, plural, syncList, unchanged } from "./live.js";
import { T, count, ofKind } from "./screen-text.js";

const WORDS_MAX = 120; // beyond this the smallest words would be unreadable anyway
const TONES = 5; // colour classes .tone-0 … .tone-4 in screen.css
const ATTEMPTS = 9; // each attempt shrinks every word a little until all fit

/** The key a word is counted under: lower case, no accents, no punctuation. */
export function wordKey(text, lang = T.lang) {
  const plain = String(text).normalize("NFKD").replace(/\p{M}+/gu, "");
  let lower = plain;
  try {
    lower = plain.toLocaleLowerCase(lang);
  } catch {
    lower = plain.toLowerCase();
  }
  const key = lower.replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  return key || String(text).trim().toLowerCase(); // emoji and symbols count as themselves
}

/** Group contributions by key: [{key, text (the spelling used most), n, first}], most said first. */
export function countWords(items) {
  const groups = new Map();
  items.forEach((item, order) => {
    const text = String(item.title || "").replace(/\s+/g, " ").trim();
    if (!text) return;
    const key = wordKey(text);
    const group = groups.get(key) || { key, n: 0, first: order, spellings: new Map() };
    group.n += 1;
    group.spellings.set(text, (group.spellings.get(text) || 0) + 1);
    groups.set(key, group);
  });
  return [...groups.values()].map((g) => {
    let text = "";
    let best = 0;
    for (const [spelling, n] of g.spellings) if (n > best) [text, best] = [spelling, n];
    return { key: g.key, text, n: g.n, first: g.first };
  }).sort((a, b) => b.n - a.n || a.first - b.first);
}

export function renderWords(state, panel) {
  const cloud = panel.querySelector("[data-cloud]");
  const items = ofKind(state, "word");
  const words = countWords(items).slice(0, WORDS_MAX);
  panel.querySelector("[data-words-empty]").hidden = words.length > 0;
  cloud.hidden = words.length === 0;
  const total = panel.querySelector("[data-cloud-count]");
  total.textContent = items.length ? count("words", items.length) : "";
  total.dataset.count = String(items.length);
  if (!words.length) return;
  if (unchanged(cloud, words.map((w) => [w.key, w.text, w.n]), cloud.clientWidth, cloud.clientHeight)) return;
  syncList(cloud, words, (w) => w.key,
    (word) => h("li", { class: `word tone-${hash(word.key) % TONES}` }),
    (node, word) => {
      node.dataset.word = word.key;
      node.dataset.count = String(word.n);
      node.textContent = word.text;
      node.setAttribute("aria-label", fill(plural(T.word_times, word.n, T.lang), { word: word.text }));
    });
  layout(cloud, words);
}

/** Size every word, then place them; shrink all and start again until every word fits. */
function layout(cloud, words) {
  const width = cloud.clientWidth;
  const height = cloud.clientHeight;
  if (!width || !height) return;
  const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
  const most = words[0].n;
  // The biggest word stays readable as one line; a lone word is big, a crowd smaller.
  const top = Math.min(11 * rem, height / 3);
  const least = Math.min(top, words.length > 60 ? 1.8 * rem : 2.6 * rem);
  const nodes = new Map([...cloud.children].map((n) => [n.dataset.key, n]));
  let scale = 1;
  let placed = null;
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const boxes = words.map((w, i) => {
      const weight = most > 1 ? Math.pow((w.n - 1) / (most - 1), 0.8) : (words.length <= 12 ? 0.6 : 0.25);
      const size = Math.max(1.4 * rem, (least + (top - least) * weight) * scale);
      const node = nodes.get(w.key);
      node.hidden = false;
      node.style.fontSize = `${size.toFixed(1)}px`;
      return { node, key: w.key, index: i };
    });
    // Measure all at once (one layout pass), then place.
    for (const box of boxes) {
      box.w = box.node.offsetWidth;
      box.h = box.node.offsetHeight;
    }
    placed = place(boxes, width, height, rem * 0.5);
    if (placed.every((b) => b.x !== undefined)) break;
    scale *= 0.85;
  }
  for (const box of placed) {
    const fits = box.x !== undefined;
    box.node.hidden = !fits;
    box.node.dataset.placed = String(fits);
    if (!fits) continue;
    // A new word appears in place; a known one glides to its new place.
    box.node.classList.toggle("moving", Boolean(box.node.style.transform));
    box.node.style.transform = `translate(${Math.round(box.x)}px, ${Math.round(box.y)}px)`;
  }
  cloud.dataset.scale = scale.toFixed(2);
}

/** Archimedean spiral from the centre, stretched to the cloud's shape; first free spot wins. */
function place(boxes, width, height, pad) {
  const done = [];
  const ratio = width / height;
  for (const box of boxes) {
    let hit = null;
    const start = (hash(box.key) % 628) / 100;
    for (let t = 0; t < 2400; t += 1) {
      const angle = start + 0.23 * t;
      const radius = 1.1 * t;
      const x = width / 2 + radius * Math.cos(angle) * ratio * 0.75 - box.w / 2;
      const y = height / 2 + radius * Math.sin(angle) * 0.75 - box.h / 2;
      if (x < 0 || y < 0 || x + box.w > width || y + box.h > height) {
        if (radius * 0.75 > Math.max(width, height)) break;
        continue;
      }
      const rect = { x, y, w: box.w, h: box.h };
      // The box hit last is the likeliest to be hit again.
      if (hit && overlaps(rect, hit, pad)) continue;
      hit = done.find((other) => overlaps(rect, other, pad)) || null;
      if (!hit) {
        box.x = x;
        box.y = y;
        done.push(rect);
        break;
      }
    }
  }
  return boxes;
}

function overlaps(a, b, pad) {
  const padY = pad / 4;
  return a.x < b.x + b.w + pad && b.x < a.x + a.w + pad && a.y < b.y + b.h + padY && b.y < a.y + a.h + padY;
}

function hash(text) {
  let x = 2166136261;
  for (const c of text) x = Math.imul(x ^ c.codePointAt(0), 16777619);
  return (x ^ (x >>> 15)) >>> 0;
}

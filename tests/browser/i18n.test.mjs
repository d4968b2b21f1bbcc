// The user-interface catalogues (web/i18n/<lang>/<namespace>.json): Spanish
// and English hold the same keys, none empty, with the same {placeholders};
// every key the pages and scripts name exists in both. Reads files only (no
// browser), and reports every problem at once.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {REPO} from './lib.mjs';

const WEB = path.join(REPO, 'web');
const I18N = path.join(WEB, 'i18n');
const LANGS = ['es', 'en'];

function walk(dir, out = []) {
  for (const e of fs.readdirSync(dir, {withFileTypes: true})) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out.sort();
}
const rel = (p) => path.relative(REPO, p);

function namespaces(lang) {
  const dir = path.join(I18N, lang);
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort() : [];
}

/** {file: {key: value}} for one language; problems go to errors. */
function loadLang(lang, errors) {
  const out = {};
  for (const f of namespaces(lang)) {
    const p = path.join(I18N, lang, f);
    try {
      const data = JSON.parse(fs.readFileSync(p, 'utf8'));
      if (!data || typeof data !== 'object' || Array.isArray(data)) throw new Error('not a JSON object');
      out[f] = data;
    } catch (err) {
      errors.push(`${rel(p)}: ${err.message}`);
    }
  }
  return out;
}

/** Every key of every namespace of a language, as a Set. */
function allKeys(catalog) {
  const keys = new Set();
  for (const data of Object.values(catalog)) for (const k of Object.keys(data)) keys.add(k);
  return keys;
}

const placeholders = (s) => [...String(s).matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');

/** The keys named in HTML (data-i18n, data-i18n-attr) and JS (t('…')), with where. */
function usedKeys() {
  const used = []; // {key, where}
  for (const file of walk(WEB)) {
    let text = fs.readFileSync(file, 'utf8');
    if (!file.endsWith('.html')) {
      // Comments (examples in doc comments) name no real key; blanked out
      // with their newlines kept so line numbers stay right.
      const blank = (m) => m.replace(/[^\n]/g, ' ');
      text = text.replace(/\/\*[\s\S]*?\*\//g, blank).replace(/^[ \t]*\/\/.*$/gm, blank);
    }
    const lineOf = (i) => text.slice(0, i).split('\n').length;
    if (file.endsWith('.html')) {
      for (const m of text.matchAll(/\sdata-i18n\s*=\s*(["'])(.*?)\1/g)) {
        used.push({key: m[2].trim(), where: `${rel(file)}:${lineOf(m.index)}`});
      }
      for (const m of text.matchAll(/\sdata-i18n-attr\s*=\s*(["'])(.*?)\1/g)) {
        for (const pair of m[2].split(';')) {
          const i = pair.indexOf(':');
          const attr = pair.slice(0, i).trim();
          const key = pair.slice(i + 1).trim();
          if (i < 0 || !attr || !key) {
            used.push({key: null, bad: pair, where: `${rel(file)}:${lineOf(m.index)}`});
          } else {
            used.push({key, where: `${rel(file)}:${lineOf(m.index)} (${attr})`});
          }
        }
      }
    } else if (file.endsWith('.js') || file.endsWith('.mjs')) {
      // Only literal keys: t('a.b'), t("a.b", {...}). A key built with a
      // template string or concatenation is dynamic and skipped.
      for (const m of text.matchAll(/(?<![\w$])t\(\s*(['"])([^'"\\\n]+)\1\s*[,)]/g)) {
        used.push({key: m[2], where: `${rel(file)}:${lineOf(m.index)}`});
      }
    }
  }
  return used;
}

export const tests = [
  {
    name: 'every Spanish namespace has an English twin and the other way round',
    run: async () => {
      const es = namespaces('es');
      const en = namespaces('en');
      assert.ok(es.includes('common.json'), 'web/i18n/es/common.json is missing');
      const missing = [
        ...es.filter((f) => !en.includes(f)).map((f) => `web/i18n/en/${f} is missing (es has it)`),
        ...en.filter((f) => !es.includes(f)).map((f) => `web/i18n/es/${f} is missing (en has it)`),
      ];
      assert.deepEqual(missing, []);
    },
  },
  {
    name: 'both languages have the same keys, none empty, same {placeholders}',
    run: async () => {
      const errors = [];
      const cat = Object.fromEntries(LANGS.map((l) => [l, loadLang(l, errors)]));
      const files = new Set([...Object.keys(cat.es), ...Object.keys(cat.en)]);
      for (const f of [...files].sort()) {
        const es = cat.es[f] || {};
        const en = cat.en[f] || {};
        if (!cat.es[f] || !cat.en[f]) continue; // reported by the test above
        for (const k of Object.keys(es)) if (!(k in en)) errors.push(`${f}: "${k}" is in es but not in en`);
        for (const k of Object.keys(en)) if (!(k in es)) errors.push(`${f}: "${k}" is in en but not in es`);
        for (const [lang, data] of [['es', es], ['en', en]]) {
          for (const [k, v] of Object.entries(data)) {
            if (typeof v !== 'string') errors.push(`${lang}/${f}: "${k}" is not a string`);
            else if (!v.trim()) errors.push(`${lang}/${f}: "${k}" is empty`);
          }
        }
        for (const k of Object.keys(es)) {
          if (k in en && typeof es[k] === 'string' && typeof en[k] === 'string' &&
              placeholders(es[k]) !== placeholders(en[k])) {
            errors.push(`${f}: "${k}" has placeholders {${placeholders(es[k])}} in es but {${placeholders(en[k])}} in en`);
          }
        }
      }
      // One key in two namespaces of a language: whichever loads last wins.
      for (const l of LANGS) {
        const seen = new Map();
        for (const [f, data] of Object.entries(cat[l])) {
          for (const k of Object.keys(data)) {
            if (seen.has(k)) errors.push(`${l}: "${k}" is in both ${seen.get(k)} and ${f}`);
            else seen.set(k, f);
          }
        }
      }
      assert.ok(errors.length === 0, `${errors.length} catalogue problem(s):\n  ${errors.join('\n  ')}`);
    },
  },
  {
    name: 'every key named in web/**/*.html and web/**/*.js exists in es and en',
    run: async () => {
      const errors = [];
      const keys = Object.fromEntries(LANGS.map((l) => [l, allKeys(loadLang(l, errors))]));
      const used = usedKeys();
      assert.ok(used.length > 0, 'found no data-i18n or t() keys under web/');
      for (const u of used) {
        if (u.key === null) {
          errors.push(`${u.where}: data-i18n-attr entry "${u.bad}" is not "attribute:key"`);
          continue;
        }
        const missingIn = LANGS.filter((l) => !keys[l].has(u.key));
        if (missingIn.length) errors.push(`${u.where}: "${u.key}" missing in ${missingIn.join(' and ')}`);
      }
      assert.ok(errors.length === 0, `${errors.length} missing key(s):\n  ${errors.join('\n  ')}`);
    },
  },
];

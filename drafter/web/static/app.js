// drafter serve: the page. Plain JavaScript, no build step, no request but to this server.
// The form is generated from the type's JSON Schema (GET /api/types/{type}/schema, each
// property marked with x-kind), problems come from the CLI's own validator (422 from
// POST /api/preview), and the preview is the server's rendering of the draft.
"use strict";

const state = {
  type: null,        // current type name
  schema: null,      // its JSON Schema
  seed: 0,
  submitted: false,  // after a download attempt every problem is shown, touched or not
  original: null,    // text of the .yaml the user loaded (saved back byte for byte if unchanged)
  filename: null,
  extras: {},        // fields of a loaded file the form has no control for (kept, and reported)
  timer: null,
  generation: 0,     // the newest request wins; older answers are dropped
};

const $ = (sel, root = document) => root.querySelector(sel);
const el = (tag, props = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === "class") node.className = v;
    else if (k === "dataset") Object.assign(node.dataset, v);
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null && v !== false) node.setAttribute(k, v === true ? "" : v);
  }
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
};

// ------------------------------------------------------------------ HTTP

async function api(path, options = {}) {
  const response = await fetch(path, options);
  const type = response.headers.get("content-type") || "";
  if (!response.ok) {
    let body = { error: `请求失败（${response.status}）` };
    if (type.includes("json")) body = await response.json();
    const err = new Error(body.error || "请求失败");
    err.status = response.status;
    err.body = body;
    throw err;
  }
  return response;
}

const postJSON = (path, data) => api(path, {
  method: "POST",
  headers: { "Content-Type": "application/json" },
  body: JSON.stringify(data),
});

function filenameOf(response, fallback) {
  const header = response.headers.get("content-disposition") || "";
  const m = header.match(/filename\*=UTF-8''([^;]+)/);
  return m ? decodeURIComponent(m[1]) : fallback;
}

async function download(response, fallback) {
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const a = el("a", { href: url, download: filenameOf(response, fallback) });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 5000);
}

// ------------------------------------------------------------------ types

async function loadTypes() {
  const types = await (await api("/api/types")).json();
  const select = $("#type-select");
  select.replaceChildren(...types.map((t) => el("option", { value: t.name, title: t.description }, t.name)));
  select.addEventListener("change", () => chooseType(select.value));
  state.types = types;
  state.type = types[0].name;
  setupBatch();
  const phraseType = $("#phrase-type");
  for (const t of types) phraseType.append(el("option", { value: t.name }, t.name));
  const wanted = new URLSearchParams(location.search).get("type");
  const first = types.find((t) => t.name === wanted) ? wanted : types[0].name;
  select.value = first;
  await chooseType(first);
}

async function chooseType(name) {
  // Facts the new type also has (单位, 日期, 上级…) come along; a different type starts clean otherwise.
  const carried = state.schema ? readForm() : {};
  state.type = name;
  document.title = `${name} · drafter 公文起草`;
  state.seed = 0;
  state.submitted = false;
  state.original = null;
  state.filename = null;
  state.extras = {};
  const info = state.types.find((t) => t.name === name);
  $("#type-desc").textContent = info ? info.description : "";
  state.schema = await (await api(`/api/types/${encodeURIComponent(name)}/schema`)).json();
  const props = state.schema.properties || {};
  const kept = Object.fromEntries(Object.entries(carried).filter(([k, v]) =>
    k in props && typeof v !== "object" && ["text", "date", "integer"].includes(props[k]["x-kind"])));
  fillForm(kept);
  showNotice(Object.keys(kept).length ? `已沿用上一文种中相同的字段：${Object.keys(kept).join("、")}。` : "");
  updateSeed();
  refresh(true);
}

// ------------------------------------------------------------------ the form

function buildForm(schema) {
  const form = $("#facts-form");
  const fields = objectFields(schema, "");
  const props = schema.properties || {};
  const main = fields.filter((f) => props[f.dataset.name]["x-group"] !== "issue");
  const issue = fields.filter((f) => props[f.dataset.name]["x-group"] === "issue");
  form.replaceChildren(...main);
  if (issue.length) {
    form.append(el("details", { class: "issue-group", id: "issue-group" },
      el("summary", {}, "作为正式文件印发（文号、发文机关、签发人、抄送、附件等，选填）"), ...issue));
  }
  renumber();
}

// The form's top-level fields, including those folded into the 文件 group.
function topFields(container) {
  return [...container.querySelectorAll(":scope > .field, :scope > details > .field")];
}

function objectFields(schema, prefix) {
  const required = new Set(schema.required || []);
  return Object.entries(schema.properties || {}).map(([name, prop]) =>
    fieldControl(name, prop, required.has(name), prefix ? `${prefix}.${name}` : name));
}

function labelFor(name, prop, required, id) {
  const mark = required ? el("span", { class: "req" }, "*必填") : el("span", { class: "opt" }, "选填");
  const tag = id ? el("label", { for: id }, name, mark) : el("div", { class: "label" }, name, mark);
  return tag;
}

let uid = 0;

function fieldControl(name, prop, required, path) {
  const kind = prop["x-kind"] || "text";
  const wrap = el("div", { class: "field", dataset: { name, kind } });
  if (required) wrap.dataset.required = "1";
  const description = prop.description ? el("p", { class: "desc" }, prop.description) : null;
  const example = exampleText(prop);
  if (kind === "list") {
    wrap.append(labelFor(name, prop, required), description);
    const items = exampleList(prop);
    wrap.append(listControl(name, prop));
    if (items) wrap.append(el("p", { class: "example" }, items));
  } else if (kind === "object" || kind === "entry") {
    // A group of fields (an entry may also be one sentence: only its 标题 filled).
    const sub = kind === "object" ? prop : (prop.anyOf || [])[1] || { properties: {} };
    wrap.append(labelFor(name, prop, required), description,
      el("div", { class: "item group" }, ...objectFields(sub, "")));
  } else {
    const id = `f${++uid}`;
    wrap.append(labelFor(name, prop, required, id), description, inputFor(kind, prop, id));
    if (example) wrap.append(el("p", { class: "example" }, example));
  }
  wrap.append(el("ul", { class: "problems" }));
  return wrap;
}

function inputFor(kind, prop, id) {
  let input;
  if (kind === "date") {
    input = el("input", { type: "date", id });
  } else if (kind === "integer") {
    input = el("input", { type: "number", id, step: "1" });
  } else if (prop["x-multiline"] || kind === "paragraphs") {
    input = el("textarea", { id, rows: "3", placeholder: "回车换行即另起一段" });
  } else {
    input = el("input", { type: "text", id });
  }
  input.classList.add("value");
  return input;
}

function exampleText(prop) {
  const ex = (prop.examples || [])[0];
  if (ex === undefined || ex === null) return "";
  if (typeof ex === "object") return "";
  return String(ex);
}

function exampleList(prop) {
  // A list of sentences shows its example items; object items show theirs field by field.
  const ex = (prop.examples || [])[0];
  if ((prop.items || prop["x-items"] || {})["x-kind"] !== "text") return "";
  if (!Array.isArray(ex) || !ex.every((v) => typeof v === "string")) return "";
  return ex.join("；");
}

function itemSchema(prop) {
  // An object item, or an entry (a sentence, or 标题 + 内容): both edit as their fields.
  const items = prop.items || prop["x-items"] || {};
  if (items["x-kind"] === "object") return items;
  if (items["x-kind"] === "entry") return (items.anyOf || [])[1] || { properties: {} };
  return null;
}

function listControl(name, prop) {
  const list = el("div", { class: "list", dataset: { itemKind: (prop.items || prop["x-items"] || {})["x-kind"] || "text" } });
  const items = el("div", { class: "items" });
  const add = el("button", { type: "button", class: "add", onclick: () => { addItem(list, prop); changed(add); } }, "＋ 添加一项");
  list.append(items, add);
  list.prop = prop;
  const min = prop.minItems || 0;
  for (let i = 0; i < Math.max(min, 1); i++) addItem(list, prop);
  return list;
}

function addItem(list, prop, value) {
  const items = $(".items", list);
  const sub = itemSchema(prop);
  const buttons = [
    el("button", { type: "button", title: "上移", "aria-label": "上移", onclick: (e) => moveItem(e.target, -1) }, "↑"),
    el("button", { type: "button", title: "下移", "aria-label": "下移", onclick: (e) => moveItem(e.target, 1) }, "↓"),
    el("button", { type: "button", title: "删除这一项", "aria-label": "删除", onclick: (e) => removeItem(e.target) }, "删除"),
  ];
  let item;
  if (sub) {
    item = el("div", { class: "item" },
      el("div", { class: "item-head" }, el("span", { class: "num" }), ...buttons),
      ...objectFields(sub, ""),
      el("ul", { class: "problems" }));
  } else {
    const id = `f${++uid}`;
    const input = el("input", { type: "text", id, class: "value", "aria-label": "列表项" });
    item = el("div", { class: "item simple field" },
      el("span", { class: "num" }),
      el("div", { class: "grow" }, input, el("ul", { class: "problems" })),
      ...buttons);
  }
  items.append(item);
  if (value !== undefined) setItem(item, value, prop);
  renumber();
  return item;
}

function moveItem(button, step) {
  const item = button.closest(".item");
  const sibling = step < 0 ? item.previousElementSibling : item.nextElementSibling;
  if (!sibling) return;
  if (step < 0) sibling.before(item); else sibling.after(item);
  renumber();
  changed(item);
  button.focus();
}

function removeItem(button) {
  const item = button.closest(".item");
  const list = item.closest(".list");
  item.remove();
  renumber();
  changed(list);
}

// Every control knows its facts path (主要工作[2].标题, 1-based as the validator writes it).
function renumber() {
  const walk = (container, prefix) => {
    for (const field of topFields(container)) {
      if (field.classList.contains("item")) continue;
      const path = prefix ? `${prefix}.${field.dataset.name}` : field.dataset.name;
      field.dataset.path = path;
      if (field.dataset.kind === "object" || field.dataset.kind === "entry") walk($(".group", field), path);
      if (field.dataset.kind === "list") {
        const items = $(".items", field).children;
        [...items].forEach((item, i) => {
          const itemPath = `${path}[${i + 1}]`;
          item.dataset.path = itemPath;
          $(".num", item).textContent = item.classList.contains("simple") ? `${i + 1}.` : `第 ${i + 1} 项`;
          if (!item.classList.contains("simple")) walk(item, itemPath);
        });
      }
    }
  };
  walk($("#facts-form"), "");
}

// ------------------------------------------------------------------ form <-> facts

function readForm() {
  const facts = readFields($("#facts-form"));
  for (const [k, v] of Object.entries(state.extras)) if (!(k in facts)) facts[k] = v;
  return facts;
}

function readFields(container) {
  const out = {};
  for (const field of topFields(container)) {
    if (field.classList.contains("item")) continue;
    const value = readField(field);
    if (value !== undefined) out[field.dataset.name] = value;
  }
  return out;
}

function readField(field) {
  const kind = field.dataset.kind;
  if (kind === "list") {
    const list = $(".list", field);
    // A blank row in the form is not an item (a facts file has no blank rows either).
    const values = [...$(".items", list).children].map((item) => readItem(item, list)).filter((v) => v !== null);
    return values.length ? values : undefined;
  }
  if (kind === "object" || kind === "entry") {
    const value = readFields($(".group", field));
    if (!Object.keys(value).length) return undefined;
    if (kind === "entry" && field.dataset.shape !== "object" && Object.keys(value).length === 1 && "标题" in value) return value["标题"];
    return value;
  }
  const input = $(".value", field);
  const raw = input.value;
  if (kind === "integer") {
    if (raw.trim() === "") return input.validity && input.validity.badInput ? "?" : undefined;
    const n = Number(raw);
    return Number.isInteger(n) ? n : raw;
  }
  if (raw.trim() === "") return undefined;
  // Paragraphs loaded as a YAML list go back as a list, one item a non-empty line.
  if (kind === "paragraphs" && field.dataset.shape === "list") {
    return raw.split("\n").map((line) => line.trim()).filter((line) => line);
  }
  return raw;
}

function readItem(item, list) {
  if (item.classList.contains("simple")) {
    const raw = $(".value", item).value;
    return raw.trim() === "" ? null : raw;
  }
  const value = readFields(item);
  if (Object.keys(value).length === 0) return null;
  // An entry with only a heading is one sentence, as the CLI's files write it,
  // unless the loaded file had it as 标题: (kept as it was).
  if (list.dataset.itemKind === "entry" && item.dataset.shape !== "object"
      && Object.keys(value).length === 1 && "标题" in value) return value["标题"];
  return value;
}

function fillForm(facts) {
  buildForm(state.schema);
  state.extras = {};
  const form = $("#facts-form");
  for (const [name, value] of Object.entries(facts || {})) {
    const field = topFields(form).find((f) => f.dataset.name === name);
    if (!field) { state.extras[name] = value; continue; }
    setField(field, value);
  }
  renumber();
  const group = $("#issue-group");
  if (group && topFields(group).some((f) => (f.dataset.name in (facts || {})))) group.open = true;
  const extra = Object.keys(state.extras);
  showNotice(extra.length ? `文件中有表单里没有的字段：${extra.join("、")}。它们会原样保留，但草稿不会用到（见下方的问题说明）。` : "");
}

function setField(field, value) {
  if (value === null || value === undefined) return;
  const kind = field.dataset.kind;
  if (kind === "list") {
    const list = $(".list", field);
    $(".items", list).replaceChildren();
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) addItem(list, list.prop, v);
    return;
  }
  if (kind === "object" || kind === "entry") {
    const group = $(".group", field);
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      field.dataset.shape = "object";
      for (const sub of group.children) if (sub.dataset && sub.dataset.name in value) setField(sub, value[sub.dataset.name]);
    } else {
      const head = [...group.children].find((f) => f.dataset && f.dataset.name === "标题");
      if (head) setField(head, value);
    }
    return;
  }
  const input = $(".value", field);
  if (kind === "paragraphs" && Array.isArray(value)) {
    field.dataset.shape = "list";
    input.value = value.map(String).join("\n");
    return;
  }
  if (kind === "date") input.value = isoDate(value);
  else input.value = typeof value === "object" ? JSON.stringify(value) : String(value);
}

function setItem(item, value, prop) {
  if (item.classList.contains("simple")) {
    $(".value", item).value = value === null ? "" : String(value);
    return;
  }
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    item.dataset.shape = "object";
    for (const field of item.children) {
      if (field.classList.contains("field") && field.dataset.name in value) setField(field, value[field.dataset.name]);
    }
  } else if (value !== null) {
    const head = [...item.children].find((f) => f.dataset && f.dataset.name === "标题");
    if (head) setField(head, value);
  }
}

function isoDate(value) {
  const s = String(value).trim();
  let m = s.match(/^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/);
  if (!m) return "";
  return `${m[1]}-${m[2].padStart(2, "0")}-${m[3].padStart(2, "0")}`;
}

// ------------------------------------------------------------------ live validation + preview

function changed(node) {
  const field = node && node.closest ? node.closest(".field") : null;
  if (field) field.classList.add("touched");
  scheduleRefresh();
}

function scheduleRefresh() {
  clearTimeout(state.timer);
  state.timer = setTimeout(() => refresh(false), 350);
}

async function refresh(initial) {
  const generation = ++state.generation;
  const facts = readForm();
  const status = $("#preview-status");
  const page = $("#preview");
  try {
    const data = await (await postJSON("/api/preview", { type: state.type, facts, seed: state.seed })).json();
    if (generation !== state.generation) return;
    showProblems([]);
    page.innerHTML = data.html;  // server-built from escaped text (drafter/web/preview.py)
    page.classList.remove("stale");
    status.classList.remove("stale");
    status.textContent = data.missing_facts.length
      ? `注意：这些事实没有写进草稿：${data.missing_facts.join("、")}`
      : `预览已更新：${data.title}`;
    fitPreview();
    return data;
  } catch (err) {
    if (generation !== state.generation) return;
    const problems = (err.body && err.body.problems) || [];
    showProblems(problems.length ? problems : [{ path: "", message: err.message, fix: (err.body && err.body.fix) || "" }]);
    const empty = !page.querySelector(".gw-title");
    if (empty) {
      page.replaceChildren(el("p", { class: "placeholder" }, "填好标有 *必填 的字段后，这里显示草稿预览。"));
    } else {
      page.classList.add("stale");
    }
    const shown = document.querySelectorAll(".problems li").length;
    status.classList.toggle("stale", shown > 0);
    status.textContent = shown ? `有 ${shown} 处需要修改，预览暂停更新。` : (empty ? "" : "还有必填字段没有填写，预览暂停更新。");
    return null;
  }
}

// Where a problem's path points: the control with that path, else its nearest ancestor.
function fieldFor(path) {
  let p = path;
  while (p) {
    const node = document.querySelector(`#facts-form [data-path="${CSS.escape(p)}"]`);
    if (node) return node;
    const cut = Math.max(p.lastIndexOf("."), p.lastIndexOf("["));
    p = cut > 0 ? p.slice(0, cut) : "";
  }
  return null;
}

const QUIET = /缺少必填字段|列表项是空的|至少需要/;

function showProblems(problems) {
  for (const ul of document.querySelectorAll(".problems")) ul.replaceChildren();
  for (const f of document.querySelectorAll(".has-problem")) f.classList.remove("has-problem");
  const general = $("#general-problems");
  for (const problem of problems) {
    const target = problem.path ? fieldFor(problem.path) : null;
    // A missing field is not an error until the user has been there or asked for the file.
    if (target && !state.submitted && QUIET.test(problem.message) && !target.classList.contains("touched")
        && !target.querySelector(".touched")) continue;
    const exact = target && target.dataset.path === problem.path;
    const where = !target ? (problem.path ? `${problem.path}：` : "") : (exact ? "" : `${problem.path}：`);
    const li = el("li", {}, `${where}${problem.message}`);
    if (problem.fix) li.append(" ", el("span", { class: "fix" }, problem.fix));
    const ul = target ? target.querySelector(":scope > .problems, :scope > .grow > .problems") : general;
    (ul || general).append(li);
    if (target) {
      target.classList.add("has-problem");
      const group = target.closest("details");
      if (group) group.open = true;
    }
  }
}

function fitPreview() {
  const scroll = $("#preview-scroll");
  const scale = $("#preview-scale");
  const page = $("#preview");
  const available = scroll.clientWidth - 40;
  const factor = Math.min(1, available / page.offsetWidth);
  scale.style.transform = `scale(${factor})`;
  scale.style.height = `${page.offsetHeight * factor}px`;
  scale.style.width = `${page.offsetWidth * factor}px`;
  scale.style.margin = "0 auto";
}

// ------------------------------------------------------------------ actions

function updateSeed() {
  $("#seed-label").textContent = `第 ${state.seed + 1} 种说法`;
}

async function downloadDraft(format) {
  state.submitted = true;
  clearTimeout(state.timer);
  const data = await refresh(false);
  if (!data) {
    const first = document.querySelector(".has-problem") || $("#general-problems");
    if (first) first.scrollIntoView({ block: "center" });
    return;
  }
  try {
    const response = await postJSON("/api/draft", { type: state.type, facts: readForm(), seed: state.seed, format });
    await download(response, `草稿.${format}`);
  } catch (err) {
    showProblems((err.body && err.body.problems) || [{ path: "", message: err.message }]);
  }
}

async function loadFile(file) {
  if (!file) return;
  if (file.size > 1024 * 1024) {
    showNotice(`「${file.name}」太大（超过 1 MB），不像是事实文件。`);
    return;
  }
  const bytes = await file.arrayBuffer();
  try {
    const response = await api(`/api/facts/load?type=${encodeURIComponent(state.type)}`, {
      method: "POST",
      headers: { "Content-Type": "application/octet-stream", "X-Filename": encodeURIComponent(file.name) },
      body: bytes,
    });
    const data = await response.json();
    state.seed = 0;
    updateSeed();
    state.submitted = false;
    fillForm(data.facts);
    state.original = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
    state.filename = file.name;
    for (const f of document.querySelectorAll("#facts-form .field")) f.classList.add("touched");
    if (!Object.keys(state.extras).length) showNotice(`已载入「${file.name}」。`);
    refresh(false);
  } catch (err) {
    showNotice("");
    showProblems([{ path: "", message: err.message, fix: "" }]);
  }
}

async function saveFile() {
  const body = { type: state.type, facts: readForm() };
  if (state.original !== null) {
    body.original = state.original;
    body.filename = state.filename;
  }
  try {
    const response = await postJSON("/api/facts/save", body);
    await download(response, state.filename || `${state.type}.yaml`);
  } catch (err) {
    showProblems([{ path: "", message: err.message }]);
  }
}

async function fillExample() {
  const data = await (await api(`/api/types/${encodeURIComponent(state.type)}/example`)).json();
  state.submitted = false;
  fillForm(data.facts);
  state.original = data.yaml;
  state.filename = `${state.type}.yaml`;
  showNotice("已填入示例。改成您自己的事实即可。");
  refresh(false);
}

function showNotice(text) {
  const notice = $("#notice");
  notice.textContent = text;
  notice.hidden = !text;
}

// ------------------------------------------------------------------ phrases

let facetsLoaded = false;

async function loadFacets() {
  if (facetsLoaded) return;
  facetsLoaded = true;
  const facets = await (await api("/api/phrases/facets")).json();
  for (const r of facets.roles) $("#phrase-role").append(el("option", { value: r }, r));
  for (const k of facets.kinds) $("#phrase-kind").append(el("option", { value: k.id }, k.name));
  searchPhrases();
}

async function searchPhrases() {
  const params = new URLSearchParams({
    q: $("#phrase-q").value.trim(),
    type: $("#phrase-type").value,
    role: $("#phrase-role").value,
    kind: $("#phrase-kind").value,
    source: $("#phrase-source").value,
    limit: "100",
  });
  const list = $("#phrase-list");
  try {
    const data = await (await api(`/api/phrases?${params}`)).json();
    $("#phrase-count").textContent = data.total
      ? `共 ${data.total} 条${data.total > data.phrases.length ? `，显示使用最多的 ${data.phrases.length} 条` : ""}。{花括号}里的词由您的事实填入。`
      : "没有找到符合条件的套话。";
    list.replaceChildren(...data.phrases.map(phraseItem));
  } catch (err) {
    $("#phrase-count").textContent = err.message;
    list.replaceChildren();
  }
}

function phraseItem(p) {
  const text = el("div", { class: "phrase-text" });
  for (const part of p.text.split(/(\{[^{}]+\})/)) {
    text.append(/^\{[^{}]+\}$/.test(part) ? el("span", { class: "phrase-slot" }, part) : part);
  }
  const convention = p.source === "convention";
  const meta = el("div", { class: "phrase-meta" },
    el("span", { class: "tag" }, p.kind_name),
    el("span", { class: "tag" }, convention ? "惯用语" : "语料库"),
    convention ? `文种：${(p.types || []).join("、") || "通用"}`
      : `${p.docs} 篇文档 · ${p.count} 处 · 文种：${(p.types || []).join("、") || "—"}`,
    p.roles && p.roles.length ? ` · 角色：${p.roles.join("、")}` : "");
  const sources = (p.sources || []).map(sourceText).filter(Boolean);
  const src = el("div", { class: "phrase-sources" },
    convention ? `出处：惯用语文件（${p.position || "—"}）` : `出处：${sources.join("；") || "—"}`);
  return el("li", {}, text, meta, src);
}

function sourceText(s) {
  if (typeof s === "string") return s;
  if (!s || typeof s !== "object") return "";
  if (s.doc) return s.line ? `${s.doc} 第 ${s.line} 行` : String(s.doc);
  return Object.values(s).filter((v) => typeof v === "string" || typeof v === "number").join(" ");
}

// ------------------------------------------------------------------ batch (drafter batch over HTTP)

const batch = { file: null, bytes: null };

function batchQuery() {
  return new URLSearchParams({ type: $("#batch-type").value, format: $("#batch-format").value, seed: String(state.seed) });
}

function batchUpload(path) {
  return api(`${path}?${batchQuery()}`, {
    method: "POST",
    headers: { "Content-Type": "application/octet-stream", "X-Filename": encodeURIComponent(batch.file.name) },
    body: batch.bytes,
  });
}

function setupBatch() {
  const select = $("#batch-type");
  select.replaceChildren(...state.types.map((t) => el("option", { value: t.name }, t.name)));
  select.value = state.type;
  const sheetLink = () => { $("#batch-sheet").href = `/api/types/${encodeURIComponent(select.value)}/sheet`; };
  sheetLink();
  select.addEventListener("change", () => { sheetLink(); planBatch(); });
  $("#batch-format").addEventListener("change", planBatch);
  $("#batch-file").addEventListener("change", async (e) => {
    const file = e.target.files[0];
    e.target.value = "";
    if (!file) return;
    if (file.size > 20 * 1024 * 1024) {
      batchStatus(`「${file.name}」超过 20 MB，请拆成几个表格。`, true);
      return;
    }
    batch.file = file;
    batch.bytes = await file.arrayBuffer();
    $("#batch-name").textContent = file.name;
    planBatch();
  });
  $("#batch-run").addEventListener("click", runBatch);
  $("#tab-batch").hidden = false;
}

function batchStatus(text, bad) {
  const status = $("#batch-status");
  status.textContent = text;
  status.classList.toggle("bad", !!bad);
}

async function planBatch() {
  if (!batch.file) return;
  $("#batch-run").disabled = true;
  batchStatus("正在检查表格……");
  const table = $("#batch-plan");
  try {
    const plan = await (await batchUpload("/api/batch/plan")).json();
    const body = table.querySelector("tbody");
    body.replaceChildren(...plan.rows.map((r) => el("tr", { class: r.problems.length ? "bad" : "" },
      el("td", {}, String(r.number)),
      el("td", {}, r.file || "—"),
      el("td", { class: "problems-cell" }, r.problems.join("\n") || "无问题"))));
    table.hidden = false;
    const tooMany = plan.ok > plan.limit;
    batchStatus(
      `共 ${plan.rows.length} 行：${plan.ok} 行可以生成` + (plan.bad ? `，${plan.bad} 行有问题（生成时跳过，见下表）` : "") + "。"
      + (tooMany ? `网页上一次最多生成 ${plan.limit} 篇，请拆分表格或使用命令行 drafter batch。` : ""),
      plan.bad > 0 || tooMany,
    );
    $("#batch-run").disabled = plan.ok === 0 || tooMany;
  } catch (err) {
    table.hidden = true;
    batchStatus(err.message + (err.body && err.body.fix ? ` ${err.body.fix}` : ""), true);
  }
}

async function runBatch() {
  $("#batch-run").disabled = true;
  batchStatus("正在生成……");
  try {
    const response = await batchUpload("/api/batch/run");
    await download(response, "草稿.zip");
    batchStatus("已生成并下载 .zip（内含各篇草稿和 batch-report.csv）。");
  } catch (err) {
    batchStatus(err.message + (err.body && err.body.fix ? ` ${err.body.fix}` : ""), true);
  } finally {
    $("#batch-run").disabled = false;
  }
}

// ------------------------------------------------------------------ wiring

function showPanel(id) {
  for (const tab of document.querySelectorAll(".tab")) {
    const on = tab.dataset.panel === id;
    tab.classList.toggle("active", on);
    tab.setAttribute("aria-selected", on ? "true" : "false");
  }
  for (const panel of document.querySelectorAll(".panel")) {
    panel.hidden = panel.id !== id;
    panel.classList.toggle("active", panel.id === id);
  }
  if (id === "panel-phrases") loadFacets();
  if (id === "panel-draft") fitPreview();
}

function wire() {
  const form = $("#facts-form");
  form.addEventListener("input", (e) => changed(e.target));
  form.addEventListener("focusout", (e) => { if (e.target.value) changed(e.target); });
  form.addEventListener("submit", (e) => e.preventDefault());
  $("#btn-seed").addEventListener("click", () => { state.seed += 1; updateSeed(); refresh(false); });
  $("#btn-docx").addEventListener("click", () => downloadDraft("docx"));
  $("#btn-md").addEventListener("click", () => downloadDraft("md"));
  $("#btn-save").addEventListener("click", saveFile);
  $("#btn-example").addEventListener("click", fillExample);
  $("#btn-clear").addEventListener("click", () => {
    state.original = null; state.filename = null; state.submitted = false; state.seed = 0;
    updateSeed(); fillForm({}); showNotice(""); refresh(false);
  });
  $("#file-load").addEventListener("change", (e) => { loadFile(e.target.files[0]); e.target.value = ""; });
  $("#phrase-form").addEventListener("submit", (e) => { e.preventDefault(); searchPhrases(); });
  for (const id of ["#phrase-type", "#phrase-role", "#phrase-kind", "#phrase-source"]) $(id).addEventListener("change", searchPhrases);
  for (const tab of document.querySelectorAll(".tab")) tab.addEventListener("click", () => showPanel(tab.dataset.panel));
  window.addEventListener("resize", fitPreview);
}

wire();
loadTypes().catch((err) => showNotice(`无法载入文种列表：${err.message}`));

/* 现场执法: the officer's offline client. The bundle (tasks, items, officers, reserved form numbers) is kept in
   IndexedDB; what he records is queued there with a client id and sent when the connection returns (the online
   event, then a retry every 30 seconds). The server accepts an item once; a refused item stays, with its Chinese
   reason, to be corrected and resent under the same client id. Photos are described by window.fazhiCapture and
   signatures drawn on window.fazhiSignature's pads when those scripts are there, by the small fallbacks below
   otherwise. */
(function () {
  "use strict";

  const CONFIG = JSON.parse(document.getElementById("field-config").textContent);
  const $ = (sel, root) => (root || document).querySelector(sel);
  const $$ = (sel, root) => Array.from((root || document).querySelectorAll(sel));
  const state = { bundle: null, deviceId: "", queue: [], photos: { ticket: [], evidence: [] }, editing: null, syncing: false };

  const { kvGet, kvSet, queueAll, queuePut, uuid, csrf, sha256Hex, localIso, dataUrl } = window.fazhiFieldStore;

  function flash(text, bad) {
    const el = $("#flash");
    el.textContent = text;
    el.hidden = !text;
    el.className = "fz-flash" + (bad ? " fz-bad" : "");
    if (text) window.scrollTo(0, 0);
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => {
      if (v === false || v === null || v === undefined) return;
      if (k === "text") node.textContent = v; else node.setAttribute(k, v === true ? "" : v);
    });
    children.forEach((c) => node.append(c));
    return node;
  }

  // --- network state ---
  function showNet() {
    const net = $("#net");
    net.dataset.state = navigator.onLine ? "online" : "offline";
    net.textContent = navigator.onLine ? "在线" : "离线";
  }

  // --- the bundle ---
  async function loadBundle() {
    try {
      const r = await fetch(`${CONFIG.bundle}?device_id=${encodeURIComponent(state.deviceId)}`, { credentials: "same-origin" });
      if (!r.ok) throw new Error(String(r.status));
      state.bundle = await r.json();
      await kvSet("bundle", state.bundle);
      $("#bundle-state").textContent = `资料包已更新（${state.bundle.today}）`;
    } catch (err) {
      state.bundle = (await kvGet("bundle")) || state.bundle;
      $("#bundle-state").textContent = state.bundle ? `离线：使用本机保存的资料包（${state.bundle.today}）` : "离线且本机没有资料包：请联网后打开一次本页。";
    }
    if (state.bundle) render();
  }

  function render() {
    const b = state.bundle;
    $("#who").textContent = `${b.officer.name} · ${b.agency.name}`;
    $("#caps").textContent = `对公民${b.caps.person}元以下、对法人或者其他组织${b.caps.organization}元以下罚款或者警告（行政处罚法第五十一条）；当场收缴限${b.caps.collection}元以下或事后难以执行（第六十八条）。`;
    const tasks = $("#tasks");
    tasks.replaceChildren(...(b.tasks.length ? b.tasks.map((t) => el("li", {}, el("strong", { text: t.task }), " ", t.case_id ? el("a", { href: CONFIG.case.replace("{id}", t.case_id), text: t.title }) : t.title, t.due ? el("span", { class: "fz-muted", text: ` 期限 ${t.due}` }) : "")) : [el("li", { class: "fz-muted", text: "暂无待办" })]));
    $("#items-list").replaceChildren(...b.items.map((i) => el("option", { value: `${i.code} ${i.name}` })));
    fillSelect($("[name=party_kind]"), b.party_kinds);
    fillSelect($("[name=party_response]"), [["", "（请选择）"], ...b.party_responses]);
    const cases = b.tasks.filter((t) => t.kind === "case");
    $$("select[name=case_id]").forEach((s) => fillSelect(s, cases.map((t) => [String(t.case_id), t.title])));
    officerBoxes($("#t-officers"), "handlers", () => officerPads("t"));
    officerBoxes($("#r-officers"), "officers", () => officerPads("r"));
    officerPads("t");
    officerPads("r");
    showBlocks();
    showNumber();
  }

  function fillSelect(select, pairs) {
    const keep = select.value;
    select.replaceChildren(...pairs.map(([v, l]) => el("option", { value: v, text: l })));
    if (pairs.some(([v]) => v === keep)) select.value = keep;
  }

  function officerBoxes(box, name, onChange) {
    const checked = new Set($$(`input[name=${name}]:checked`, box).map((i) => i.value));
    const me = String(state.bundle.officer.id);
    box.replaceChildren(...state.bundle.officers.map((o) => el("label", { class: "fz-check" },
      el("input", { type: "checkbox", name, value: String(o.id), checked: String(o.id) === me || checked.has(String(o.id)) }), ` ${o.name}`)));
    $$("input", box).forEach((i) => i.addEventListener("change", onChange));
  }

  // --- the reserved numbers ---
  function usedNumbers() {
    return new Set(state.queue.filter((q) => q.kind === "simple_ticket").map((q) => q.data.form_number));
  }
  function nextNumber() {
    const used = usedNumbers();
    for (const block of (state.bundle ? state.bundle.blocks : [])) {
      for (const n of block.numbers) if (!used.has(n)) return n;
    }
    return "";
  }
  function showNumber() {
    const n = state.editing ? state.editing.data.form_number : nextNumber();
    $("#ticket-number").textContent = n || "（本机没有可用的预留编号，请先在“队列”页预留号段）";
  }
  function showBlocks() {
    $("#device-id").textContent = state.deviceId;
    const used = usedNumbers();
    const blocks = state.bundle ? state.bundle.blocks : [];
    $("#blocks").replaceChildren(...(blocks.length ? blocks.map((b) => {
      const left = b.numbers.filter((n) => !used.has(n));
      return el("li", {}, `${b.label}：尚余 ${left.length} 份`, left.length ? el("span", { class: "fz-muted", text: `（下一份 ${left[0]}）` }) : "");
    }) : [el("li", { class: "fz-muted", text: "本机尚未预留编号" })]));
  }

  async function reserveBlock(ev) {
    ev.preventDefault();
    const count = parseInt(new FormData(ev.target).get("count"), 10) || 0;
    try {
      const r = await fetch(CONFIG.blocks, {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
        body: JSON.stringify({ device_id: state.deviceId, count }),
      });
      const body = await r.json().catch(() => ({}));
      if (!r.ok) { flash(body.message || "预留失败，请稍后再试。", true); return; }
      flash(`已预留当场处罚决定书 ${body.label}。`);
      await loadBundle();
    } catch (err) {
      flash("离线时不能预留编号，请联网后再试。", true);
    }
  }

  // --- 执法事项 and discretion ---
  function chooseItem() {
    const text = $("#t-item").value.trim();
    const items = state.bundle ? state.bundle.items : [];
    const item = items.find((i) => text === `${i.code} ${i.name}` || text === i.code || text === i.name)
      || (text ? items.find((i) => i.name.includes(text) || i.code.includes(text)) : null);
    $("[name=power_item_code]").value = item ? item.code : "";
    const shown = $("#t-item-name");
    shown.replaceChildren(item ? el("strong", { text: `${item.code} ${item.name}` }) : (text ? "资料包中没有该事项" : ""));
    if (item && item.penalty_basis) shown.append(el("details", {}, el("summary", { text: "处罚依据" }), item.penalty_basis));
    const box = $("#t-discretion");
    box.hidden = !(item && item.discretion.length);
    if (!item) return;
    $("#t-facts").replaceChildren(...item.facts.map((f) => {
      const input = f.type === "bool" ? el("input", { type: "checkbox", "data-fact": f.code })
        : f.type === "choice" ? el("select", { "data-fact": f.code }, el("option", { value: "", text: "（请选择）" }), ...f.choices.map(([v, l]) => el("option", { value: v, text: l })))
        : el("input", { "data-fact": f.code, inputmode: "decimal" });
      input.addEventListener("input", () => showTiers(item));
      input.addEventListener("change", () => showTiers(item));
      return el("label", { class: f.type === "bool" ? "fz-check" : "" }, f.type === "bool" ? input : "", `${f.name}${f.unit ? `（${f.unit}）` : ""}`, f.type === "bool" ? "" : input);
    }));
    showTiers(item);
  }

  function factValue(code) {
    const input = $(`[data-fact="${code}"]`);
    if (!input) return undefined;
    if (input.type === "checkbox") return input.checked;
    return input.value.trim();
  }

  function holds(c) {
    const v = factValue(c.fact);
    if (v === undefined || v === "") return null;
    if (typeof v === "boolean") return c.op === "!=" || c.op === "not" ? !v : (String(c.value) === "false" ? !v : v);
    const a = Number(v), b = Number(c.value);
    const list = String(c.value).split(/[、,]/).map((x) => x.trim());
    switch (c.op) {
      case ">=": return a >= b;
      case ">": return a > b;
      case "<=": return a <= b;
      case "<": return a < b;
      case "==": case "=": return String(v) === String(c.value);
      case "!=": return String(v) !== String(c.value);
      case "in": return list.includes(String(v));
      case "not in": return !list.includes(String(v));
      default: return null;
    }
  }

  function showTiers(item) {
    $("#t-tiers").replaceChildren(...item.discretion.map((r) => {
      const results = (r.conditions || []).map(holds);
      const match = results.length && results.every((x) => x === true);
      const range = r.fine_min || r.fine_max ? ` 罚款${r.fine_min || "…"}至${r.fine_max || "…"}元` : "";
      return el("li", { class: match ? "fz-match" : "" }, el("strong", { text: r.tier_label }), ` ${r.description}${range}`);
    }));
  }

  // --- signature pads (window.fazhiSignature when installed, else a small canvas pad) ---
  function pad(container, field, label) {
    const div = el("div", { class: "signature-pad", "data-field": field, "data-label": label });
    container.append(div);
    if (window.fazhiSignature && typeof window.fazhiSignature.init === "function") {
      window.fazhiSignature.init(container);  // signature.js turns the new pads under container into canvases
      return div;
    }
    const canvas = el("canvas", { class: "fz-pad", width: "600", height: "200", "aria-label": label });
    const hidden = el("input", { type: "hidden", name: field, value: "" });
    const clear = el("button", { type: "button", class: "fz-clear", text: "清除" });
    div.append(el("span", { class: "fz-pad-label", text: label }), canvas, clear, hidden);
    const ctx = canvas.getContext("2d");
    ctx.lineWidth = 4; ctx.lineCap = "round"; ctx.strokeStyle = "#000";
    let drawing = false;
    const pos = (e) => { const r = canvas.getBoundingClientRect(); return [(e.clientX - r.left) * canvas.width / r.width, (e.clientY - r.top) * canvas.height / r.height]; };
    canvas.addEventListener("pointerdown", (e) => { drawing = true; canvas.setPointerCapture(e.pointerId); ctx.beginPath(); ctx.moveTo(...pos(e)); e.preventDefault(); });
    canvas.addEventListener("pointermove", (e) => { if (!drawing) return; ctx.lineTo(...pos(e)); ctx.stroke(); e.preventDefault(); });
    const end = () => { if (drawing) { drawing = false; hidden.value = canvas.toDataURL("image/png"); } };
    canvas.addEventListener("pointerup", end);
    canvas.addEventListener("pointercancel", end);
    clear.addEventListener("click", () => { ctx.clearRect(0, 0, canvas.width, canvas.height); hidden.value = ""; });
    return div;
  }

  function padValue(field, root) {
    const div = $(`.signature-pad[data-field="${field}"]`, root);
    if (!div) return "";
    if (window.fazhiSignature && typeof window.fazhiSignature.value === "function") {
      const v = window.fazhiSignature.value(div);
      if (v) return v;
    }
    const input = $(`input[name="${field}"]`, div) || $(`input[name="${field}"]`, root);
    return input ? input.value : "";
  }

  function officerPads(prefix) {
    if (!state.bundle) return;
    const box = $(`#${prefix}-officer-signs`);
    const name = prefix === "t" ? "handlers" : "officers";
    const ids = $$(`#${prefix}-officers input[name=${name}]:checked`).map((i) => i.value);
    $$(".signature-pad", box).forEach((p) => { if (!ids.includes(p.dataset.field.split("_").pop())) p.remove(); });
    ids.forEach((id) => {
      if ($(`.signature-pad[data-field="${prefix}_officer_${id}"]`, box)) return;
      const o = state.bundle.officers.find((x) => String(x.id) === id);
      pad(box, `${prefix}_officer_${id}`, `执法人员签名：${o ? o.name : id}`);
    });
  }

  // --- photos ---
  async function describe(file) {
    if (window.fazhiCapture && window.fazhiCapture.describe) return window.fazhiCapture.describe(file);
    const info = { sha256: await sha256Hex(await file.arrayBuffer()), takenAt: localIso(file.lastModified || Date.now()), latitude: null, longitude: null, gpsSource: "" };
    if (window.exifr) {
      try {
        const tags = await window.exifr.parse(file, { tiff: true, exif: true, gps: true });
        if (tags && tags.DateTimeOriginal instanceof Date) info.takenAt = localIso(tags.DateTimeOriginal.getTime());
        if (tags && Number.isFinite(tags.latitude) && Number.isFinite(tags.longitude)) {
          Object.assign(info, { latitude: tags.latitude, longitude: tags.longitude, gpsSource: "exif" });
        }
      } catch (err) { /* no EXIF: the file's time stands */ }
    }
    if (info.latitude === null && navigator.geolocation) {
      const where = await new Promise((resolve) => navigator.geolocation.getCurrentPosition(resolve, () => resolve(null), { timeout: 5000, maximumAge: 60000 }));
      if (where) Object.assign(info, { latitude: where.coords.latitude, longitude: where.coords.longitude, gpsSource: "device" });
    }
    return info;
  }
  async function addPhotos(input, which, list) {
    for (const file of Array.from(input.files)) {
      try {
        const info = await describe(file);
        state.photos[which].push({
          data_url: await dataUrl(file), sha256: info.sha256 || "", taken_at: info.takenAt || null,
          latitude: info.latitude ?? null, longitude: info.longitude ?? null, gps_source: info.gpsSource || "", title: file.name.slice(0, 100),
        });
      } catch (err) {
        flash(`照片「${file.name}」读取失败：${err}`, true);
      }
    }
    input.value = "";
    list.replaceChildren(...state.photos[which].map((p, i) => el("li", { class: "fz-photo" }, `照片${i + 1} ${p.title}`,
      el("span", { class: "fz-muted", text: ` SHA-256 ${p.sha256.slice(0, 12)}…${p.latitude != null ? ` GPS ${Number(p.latitude).toFixed(5)},${Number(p.longitude).toFixed(5)}（${p.gps_source}）` : ""}` }))));
  }

  // --- the forms to queued items ---
  const today = () => { const d = new Date(); return localIso(d.getTime()).slice(0, 10); };
  const checked = (form, name) => $$(`input[name=${name}]:checked`, form).map((i) => i.value);
  const val = (form, name) => { const f = form.elements[name]; return f ? (f.type === "checkbox" ? f.checked : f.value.trim()) : ""; };

  function ticketItem(form) {
    const number = state.editing ? state.editing.data.form_number : nextNumber();
    const handlers = checked(form, "handlers").map(Number);
    const problems = [];
    if (!number) problems.push("本机没有可用的预留决定书编号");
    if (!val(form, "power_item_code")) problems.push("请从资料包中选择执法事项");
    if (!val(form, "party_name")) problems.push("请填写当事人");
    if (handlers.length < 2) problems.push("执法人员不得少于两人");
    const refused = val(form, "party_refused");
    const partyImage = padValue("t_party", form);
    if (!refused && !partyImage) problems.push("请当事人签名，或勾选拒绝签名");
    if (refused && (!val(form, "witness_name") || !padValue("t_witness", form))) problems.push("当事人拒绝签名的，须见证人签名");
    handlers.forEach((id) => { if (!padValue(`t_officer_${id}`, form)) problems.push(`执法人员${officerName(id)}尚未签名`); });
    if (problems.length) throw new Error(problems.join("；") + "。");
    const date = state.editing ? state.editing.data.decided_on : today();
    const data = {
      agency_id: state.bundle.agency.id, power_item_code: val(form, "power_item_code"), party_kind: val(form, "party_kind"),
      party_name: val(form, "party_name"), party_id_number: val(form, "party_id_number"), party_phone: val(form, "party_phone"),
      act_date: date, decided_on: date, form_number: number, handler_ids: handlers, penalty_kinds: checked(form, "penalty_kinds"),
      fine: val(form, "fine") || "0", facts: val(form, "facts"), location: val(form, "location"),
      collect_on_spot: val(form, "collect_on_spot"), hard_to_collect: val(form, "hard_to_collect"), receipt_number: val(form, "receipt_number"),
      told: val(form, "told"), party_response: val(form, "party_response"), party_statement: val(form, "party_statement"),
      statement_review: val(form, "statement_review"),
    };
    const signatures = [refused
      ? { signer_role: "party", signer_name: data.party_name, refused: true, refusal_reason: val(form, "refusal_reason") || "当事人拒绝签名", witness_name: val(form, "witness_name"), witness_image: padValue("t_witness", form), image: "" }
      : { signer_role: "party", signer_name: data.party_name, image: partyImage, refused: false }];
    handlers.forEach((id) => signatures.push({ signer_role: "officer", signer_name: officerName(id), officer_id: id, image: padValue(`t_officer_${id}`, form) }));
    const photos = state.photos.ticket.length || !state.editing ? state.photos.ticket : state.editing.photos;
    return { kind: "simple_ticket", data, photos, signatures, label: `当场处罚 ${number} ${data.party_name}` };
  }

  function officerName(id) {
    const o = state.bundle.officers.find((x) => x.id === Number(id));
    return o ? o.name : String(id);
  }

  function recordItem(form) {
    const officers = checked(form, "officers").map(Number);
    const tz = (v) => (v ? `${v}:00${localIso(Date.now()).slice(19)}` : "");
    const data = {
      case_id: Number(val(form, "case_id")), kind: val(form, "kind"), place: val(form, "place"),
      started_at: tz(val(form, "started_at")), ended_at: tz(val(form, "ended_at")), subject_name: val(form, "subject_name"),
      subject_id_number: val(form, "subject_id_number"), content: val(form, "content"), officer_ids: officers, recorder_id: state.bundle.officer.id,
    };
    if (!data.case_id) throw new Error("请选择案件。");
    const signatures = [{ signer_role: "party", signer_name: data.subject_name, image: padValue("r_party", form) }];
    officers.forEach((id) => signatures.push({ signer_role: "officer", signer_name: officerName(id), officer_id: id, image: padValue(`r_officer_${id}`, form) }));
    return { kind: "field_record", data, photos: [], signatures, label: `${data.kind === "inquiry" ? "询问笔录" : "现场笔录"} ${data.subject_name}` };
  }

  function evidenceItem(form) {
    const data = { case_id: Number(val(form, "case_id")), location: val(form, "location"), description: val(form, "description") };
    if (!data.case_id) throw new Error("请选择案件。");
    if (!state.photos.evidence.length) throw new Error("请拍摄或选择照片。");
    return { kind: "evidence", data, photos: state.photos.evidence, signatures: [], label: `现场取证 ${state.photos.evidence.length}张` };
  }

  async function enqueue(ev, build, which) {
    ev.preventDefault();
    let item;
    try { item = build(ev.target); } catch (err) { flash(err.message, true); return; }
    const previous = state.editing && item.kind === "simple_ticket" ? state.editing : null;
    const queued = { ...item, client_id: previous ? previous.client_id : uuid(), device_id: state.deviceId, status: "queued", message: "", created_at: previous ? previous.created_at : new Date().toISOString() };
    await queuePut(queued);
    state.editing = null;
    if (which) state.photos[which] = [];
    ev.target.reset();
    $$(".signature-pad", ev.target).forEach((p) => {
      const clear = $(".signature-clear, .fz-clear", p);
      if (clear) clear.click();
      $$("input[type=hidden]", p).forEach((i) => { i.value = ""; });
    });
    $$(".fz-list.fz-small", ev.target).forEach((l) => l.replaceChildren());
    await refreshQueue();
    showNumber();
    flash(navigator.onLine ? `${queued.label} 已加入队列，正在发送…` : `${queued.label} 已保存在本机队列，联网后自动发送。`);
    showTab("queue");
    sync();
  }

  // --- the queue and the sync ---
  const STATUS = { queued: "待发送", sending: "发送中", sent: "已同步", refused: "被退回" };

  async function refreshQueue() {
    state.queue = (await queueAll()).sort((a, b) => (a.created_at < b.created_at ? 1 : -1));
    const waiting = state.queue.filter((q) => q.status !== "sent").length;
    $("#queue-count").textContent = String(waiting);
    $("#queue").replaceChildren(...(state.queue.length ? state.queue.map((q) => {
      const li = el("li", { class: `fz-q fz-q-${q.status}`, "data-client-id": q.client_id, "data-status": q.status },
        el("span", { class: "fz-badge", text: STATUS[q.status] || q.status }), ` ${q.label}`);
      if (q.status === "sent" && q.result) {
        li.append(el("div", {}, `案件 ${q.result.case_number || ""}`, q.result.form_number ? ` · 决定书 ${q.result.form_number}` : ""));
        const links = el("div", { class: "fz-links" });
        if (q.result.case_id) links.append(el("a", { href: CONFIG.case.replace("{id}", q.result.case_id), text: "查看案件" }));
        if (q.result.pdf_url) links.append(" ", el("a", { href: q.result.pdf_url, class: "fz-pdf", text: "决定书PDF" }));
        li.append(links);
      }
      if (q.status === "refused") {
        li.append(el("div", { class: "fz-bad", text: q.message }));
        if (q.kind === "simple_ticket") {
          const fix = el("button", { type: "button", text: "修改后重发" });
          fix.addEventListener("click", () => editTicket(q));
          li.append(fix);
        }
      }
      return li;
    }) : [el("li", { class: "fz-muted", text: "队列为空" })]));
    showBlocks();
  }

  function editTicket(q) {
    state.editing = q;
    const form = $("#ticket-form");
    Object.entries(q.data).forEach(([k, v]) => {
      const f = form.elements[k];
      if (!f || f instanceof RadioNodeList) return;
      if (f.type === "checkbox") f.checked = !!v; else f.value = v;
    });
    $$("input[name=penalty_kinds]", form).forEach((i) => { i.checked = q.data.penalty_kinds.includes(i.value); });
    $$("input[name=handlers]", form).forEach((i) => { i.checked = q.data.handler_ids.includes(Number(i.value)); });
    $("#t-item").value = q.data.power_item_code;
    chooseItem();
    officerPads("t");
    showNumber();
    flash(`请按退回理由修改后重新签名并提交：${q.message}`, true);
    showTab("ticket");
  }

  async function send(q) {
    q.status = "sending";
    await queuePut(q);
    let r;
    try {
      r = await fetch(CONFIG.submissions, {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
        body: JSON.stringify({ client_id: q.client_id, kind: q.kind, device_id: q.device_id, data: q.data, photos: q.photos, signatures: q.signatures }),
      });
    } catch (err) {
      q.status = "queued";
      await queuePut(q);
      return false;
    }
    const body = await r.json().catch(() => ({}));
    if (r.status === 200 || r.status === 201) {
      // Accepted: the server holds it now; what stays on the device is its receipt and the form number it used (so
      // the number is never offered again), not the party's personal data.
      q.status = "sent"; q.result = body; q.message = ""; q.photos = []; q.signatures = [];
      q.data = q.data.form_number ? { form_number: q.data.form_number } : {};
    } else if (r.status === 422 || r.status === 400 || r.status === 409) {
      q.status = "refused"; q.message = body.message || (body.detail ? JSON.stringify(body.detail) : "被退回");
    } else {
      q.status = "queued"; q.message = body.message || `服务器暂时无法处理（${r.status}），稍后自动重试。`;
    }
    await queuePut(q);
    return r.status < 500 && r.status !== 401 && r.status !== 403;
  }

  async function sync() {
    if (state.syncing || !navigator.onLine) return;
    state.syncing = true;
    try {
      const items = (await queueAll()).filter((q) => q.status === "queued" || q.status === "sending");
      let sent = 0;
      for (const q of items) {
        if (!(await send(q))) break;
        if (q.status === "sent") sent += 1;
      }
      await refreshQueue();
      if (sent) { flash(`已同步 ${sent} 项。`); loadBundle(); }
    } finally {
      state.syncing = false;
    }
  }

  // --- tabs and start ---
  function showTab(name) {
    $$(".fz-tab").forEach((s) => { s.hidden = s.id !== `tab-${name}`; });
    $$(".fz-tabs button").forEach((b) => b.setAttribute("aria-selected", String(b.dataset.tab === name)));
  }

  async function start() {
    state.deviceId = (await kvGet("device_id")) || "";
    if (!state.deviceId) { state.deviceId = uuid(); await kvSet("device_id", state.deviceId); }
    $$(".fz-tabs button").forEach((b) => b.addEventListener("click", () => showTab(b.dataset.tab)));
    pad($("#t-party-sign"), "t_party", "当事人签名");
    pad($("#t-witness-sign"), "t_witness", "见证人签名");
    pad($("#r-party-sign"), "r_party", "当事人/被询问人签名");
    $("[name=party_refused]").addEventListener("change", (e) => { $("#t-witness").hidden = !e.target.checked; });
    $("#t-item").addEventListener("input", chooseItem);
    $("#t-item").addEventListener("change", chooseItem);
    $("#t-photos").addEventListener("change", (e) => addPhotos(e.target, "ticket", $("#t-photo-list")));
    $("#e-photos").addEventListener("change", (e) => addPhotos(e.target, "evidence", $("#e-photo-list")));
    $("#ticket-form").addEventListener("submit", (e) => enqueue(e, ticketItem, "ticket"));
    $("#record-form").addEventListener("submit", (e) => enqueue(e, recordItem, null));
    $("#evidence-form").addEventListener("submit", (e) => enqueue(e, evidenceItem, "evidence"));
    $("#block-form").addEventListener("submit", reserveBlock);
    $("#sync-now").addEventListener("click", sync);
    window.addEventListener("online", () => { showNet(); sync(); });
    window.addEventListener("offline", showNet);
    showNet();
    await refreshQueue();
    await loadBundle();
    document.body.dataset.ready = "1";
    sync();
    setInterval(sync, 30000);
    if ("serviceWorker" in navigator) navigator.serviceWorker.register(CONFIG.sw, { scope: CONFIG.scope }).catch(() => null);
  }

  window.fazhiField = { state, sync, loadBundle, refreshQueue };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();

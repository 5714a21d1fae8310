// The planning table's page: a Leaflet map of the units (canvas), selection by click,
// shift-click, rectangle (shift-drag) or lasso (alt-drag), edits posted to the JSON API, and the
// live panel. Everything it loads is served by the binary; no network beyond it.
'use strict';
(function () {
  const WORDS = {
    fr: {
      title: 'Table de planification', undo: 'Annuler', redo: 'Rétablir', complete: 'Compléter le plan',
      export: 'Exporter', coverage: 'Couverture', now: "aujourd'hui", with_decisions: 'avec les décisions',
      after_plan: 'plan complet', selection: 'Sélection', target: 'Cible', assign: 'Affecter',
      forbid: 'Interdire', forbid_zone: 'Exclure pour la zone', clear: 'Retirer la décision', lock: 'Verrouiller la CPTS', deselect: 'Vider',
      cpts_touched: 'CPTS concernées', pop: 'Population', size: 'Taille', envelope: 'Enveloppe ACI',
      decisions: 'Décisions', legend: 'Légende', new_cpts: 'Nouvelle CPTS…', new_name: 'Nom de la nouvelle CPTS',
      select_hint: 'Cliquez une commune ; Maj+clic ajoute ; Maj+glisser : rectangle ; Alt+glisser : lasso.',
      overview: "Vue d'ensemble : zoomez pour voir et modifier les communes.",
      zones_left: (l, t, p) => `${l} zone(s) blanche(s) sans décision sur ${t} (${p} hab.)`,
      funding: (b, a, d) => `Enveloppes ACI : ${b} € → ${a} € par an (${d} €)`,
      selected: (n, p) => `${n} commune(s) sélectionnée(s), ${p} hab.`,
      inh: 'hab.', zone: 'Zone blanche', planned: 'Plan', decided: 'décidé', stage: 'Stade', epci: 'EPCI',
      none: 'aucune CPTS', applied: 'appliquée', refused: 'refusée', hint: 'Possible en ajoutant',
      add_hint: 'sélectionner', options: 'Options', score: 'score', exported: 'Fichiers écrits dans',
      stale: 'Le plan a changé entre-temps : rechargé, refaites la modification.', locked: 'verrouillée',
      legend_items: [['#1b7f5b', 'ACI signé'], ['#5db489', 'Projet de santé validé'], ['#b9e0c5', "Lettre d'intention validée"],
        ['#f2cf6b', 'Pré-projet'], ['zone', 'Zone blanche (plan proposé)'], ['decided', 'Décidé par la task force'],
        ['#eceff1', 'Hors territoire du rapport']],
      stages: { aci: 'ACI signé', ps: 'projet de santé validé', li: "lettre d'intention validée", preprojet: 'pré-projet' },
      kinds: { extend: 'extension', new: 'nouvelle CPTS', split: 'partage', create: 'création', mentor: 'création accompagnée', mature: 'maturation' },
    },
    en: {
      title: 'Planning table', undo: 'Undo', redo: 'Redo', complete: 'Complete the plan', export: 'Export',
      coverage: 'Coverage', now: 'now', with_decisions: 'with the decisions', after_plan: 'whole plan',
      selection: 'Selection', target: 'Target', assign: 'Assign', forbid: 'Forbid', forbid_zone: 'Rule out for the zone', clear: 'Withdraw decision',
      lock: 'Lock the CPTS', deselect: 'Clear', cpts_touched: 'CPTS concerned', pop: 'Population', size: 'Size',
      envelope: 'ACI envelope', decisions: 'Decisions', legend: 'Legend', new_cpts: 'New CPTS…', new_name: 'Name of the new CPTS',
      select_hint: 'Click a commune; shift-click adds; shift-drag: rectangle; alt-drag: lasso.',
      overview: 'Overview: zoom in to see and edit communes.',
      zones_left: (l, t, p) => `${l} zone(s) blanche(s) without a decision out of ${t} (${p} inh.)`,
      funding: (b, a, d) => `ACI envelopes: €${b} → €${a} a year (€${d})`,
      selected: (n, p) => `${n} commune(s) selected, ${p} inh.`,
      inh: 'inh.', zone: 'Zone blanche', planned: 'Plan', decided: 'decided', stage: 'Stage', epci: 'EPCI',
      none: 'no CPTS', applied: 'applied', refused: 'refused', hint: 'Possible by adding',
      add_hint: 'select', options: 'Options', score: 'score', exported: 'Files written to',
      stale: 'The plan changed meanwhile: reloaded, make the edit again.', locked: 'locked',
      legend_items: [['#1b7f5b', 'ACI signed'], ['#5db489', 'Projet de santé validated'], ['#b9e0c5', "Lettre d'intention validated"],
        ['#f2cf6b', 'Pre-project'], ['zone', 'Zone blanche (proposed plan)'], ['decided', 'Decided by the task force'],
        ['#eceff1', 'Outside the reporting area']],
      stages: { aci: 'ACI signed', ps: 'projet de santé', li: "lettre d'intention", preprojet: 'pre-project' },
      kinds: { extend: 'extension', new: 'new CPTS', split: 'split', create: 'create', mentor: 'mentored creation', mature: 'mature' },
    },
  };
  const STAGE_FILL = { aci: '#1b7f5b', ps: '#5db489', li: '#b9e0c5', preprojet: '#f2cf6b' };
  const BORDER_STYLE = {
    departement: { color: '#000', weight: 2.4, opacity: 0.9 },
    cpts: { color: '#37474f', weight: 1.3, opacity: 0.9 },
    zone: { color: '#c62828', weight: 2.2, opacity: 1 },
    plan: { color: '#1f5fbf', weight: 1.6, opacity: 1, dashArray: '5 4' },
  };
  const $ = (id) => document.getElementById(id);
  const fmt = (n) => Number(n).toLocaleString('fr-FR');
  let w = WORDS.fr;
  let state = null;
  let token = null;
  const selected = new Map();
  const features = new Map();
  let zoneShown = null;
  let viewSeq = 0;

  const hash = new URLSearchParams(location.hash.slice(1));
  token = hash.get('token') || sessionStorage.getItem('zb-token');
  if (token) sessionStorage.setItem('zb-token', token);

  async function api(path, body) {
    const headers = { 'Content-Type': 'application/json' };
    if (token) headers.Authorization = 'Bearer ' + token;
    const response = await fetch(path, body === undefined ? { headers } : { method: 'POST', headers, body: JSON.stringify(body) });
    const data = response.headers.get('Content-Type').includes('json') ? await response.json() : await response.text();
    if (!response.ok) throw Object.assign(new Error(data.error || response.statusText), { status: response.status, data });
    return data;
  }

  // Hatch patterns, as the SVG maps draw them: red for a zone blanche, blue once decided.
  function hatch(background, line, width) {
    const c = document.createElement('canvas');
    c.width = c.height = 8;
    const g = c.getContext('2d');
    g.fillStyle = background; g.fillRect(0, 0, 8, 8);
    g.strokeStyle = line; g.lineWidth = width;
    g.beginPath(); g.moveTo(0, 8); g.lineTo(8, 0); g.moveTo(-2, 2); g.lineTo(2, -2); g.moveTo(6, 10); g.lineTo(10, 6); g.stroke();
    return g.createPattern(c, 'repeat');
  }
  const ZONE_HATCH = hatch('#fde0dc', '#c62828', 1.6);
  const DECIDED_HATCH = hatch('#e3ecfa', '#1f5fbf', 2);

  const map = L.map('map', { preferCanvas: true, boxZoom: false, zoomSnap: 0.5, attributionControl: false });
  const renderer = L.canvas({ padding: 0.2, tolerance: 1 });
  const units = L.geoJSON(null, { renderer, style: unitStyle, filter: (f) => !f.properties.border, onEachFeature: bindUnit }).addTo(map);
  const borders = L.geoJSON(null, { renderer, interactive: false, filter: (f) => !!f.properties.border, style: (f) => BORDER_STYLE[f.properties.border] }).addTo(map);
  const labels = L.layerGroup().addTo(map);
  const draft = L.layerGroup().addTo(map);

  function unitStyle(f) {
    const p = f.properties;
    const chosen = selected.has(p.c);
    let fill = p.s ? STAGE_FILL[p.s] : '#ececec';
    if (p.z) fill = p.x ? DECIDED_HATCH : ZONE_HATCH;
    if (!p.a) fill = '#eceff1';
    return {
      fillColor: fill, fillOpacity: p.a ? 1 : 0.7, color: chosen ? '#ff8f00' : '#ffffff',
      weight: chosen ? 3 : (p.agg ? 0 : 0.5), opacity: 1, stroke: !p.agg,
    };
  }

  function bindUnit(f, layer) {
    // The overview's merged polygons are for looking: communes are edited once zoomed in.
    if (f.properties.agg) return;
    layer.on('click', (e) => {
      L.DomEvent.stop(e);
      const p = f.properties;
      if (e.originalEvent.shiftKey) {
        if (selected.has(p.c)) selected.delete(p.c); else selected.set(p.c, p);
      } else {
        selected.clear(); selected.set(p.c, p);
      }
      if (p.z && p.z !== zoneShown) showZone(p.z);
      refreshSelection();
    });
    layer.on('mousemove', (e) => showHover(f.properties, e.originalEvent));
    layer.on('mouseout', () => { $('hover').hidden = true; });
  }

  function showHover(p, event) {
    const box = $('hover');
    const cpts = p.k.length ? (p.kn || p.k).join(', ') + ' — ' + (w.stages[p.s] || p.s) : w.none;
    let html = `<b>${esc(p.n)}</b> (${p.c})<br>${fmt(p.p)} ${w.inh}<br>${esc(cpts)}`;
    if (p.e) html += `<br>${w.epci} : ${esc(p.e)}`;
    if (p.z) html += `<br>${w.zone} ${esc(p.z)}${p.zn ? ' — ' + esc(p.zn) : ''}`;
    if (p.t) html += `<br>${w.planned} : ${esc(p.tn || p.t)} (${w.kinds[p.tk] || p.tk})${p.x ? ' — ' + w.decided : ''}`;
    box.innerHTML = html;
    box.style.left = event.clientX + 14 + 'px';
    box.style.top = event.clientY + 14 + 'px';
    box.hidden = false;
  }

  function esc(text) {
    return String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  }

  async function loadView() {
    const b = map.getBounds();
    const seq = ++viewSeq;
    const bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((x) => x.toFixed(4)).join(',');
    const data = await api(`/api/map?bbox=${bbox}&zoom=${Math.round(map.getZoom())}`);
    if (seq !== viewSeq) return;
    units.clearLayers(); borders.clearLayers(); features.clear();
    for (const f of data.features) if (!f.properties.border && !f.properties.agg) features.set(f.properties.c, f.properties);
    $('overview').hidden = !data.overview;
    for (const [code, p] of selected) if (features.has(code)) selected.set(code, features.get(code));
    units.addData(data); borders.addData(data);
    drawLabels();
    fillTargets();
    document.body.dataset.viewReady = String(seq);
  }

  // CPTS names (and new CPTS of the plan) at the mean of their units' inner points.
  function drawLabels() {
    labels.clearLayers();
    if (map.getZoom() < 8) return;
    const groups = new Map();
    for (const p of features.values()) {
      if (!p.lp || !p.a) continue;
      const key = p.tk === 'new' ? p.t : p.k[0];
      if (!key) continue;
      const name = p.tk === 'new' ? p.tn : p.kn[0];
      const g = groups.get(key) || { name, isNew: p.tk === 'new', x: 0, y: 0, n: 0 };
      g.x += p.lp[0]; g.y += p.lp[1]; g.n += 1;
      groups.set(key, g);
    }
    // Largest first; a label that would overlap one already placed is left out.
    const placed = [];
    for (const g of [...groups.values()].sort((a, b) => b.n - a.n)) {
      const at = map.latLngToContainerPoint([g.y / g.n, g.x / g.n]);
      const half = { w: 3.4 * g.name.length + 4, h: 9 };
      const box = [at.x - half.w, at.y - half.h, at.x + half.w, at.y + half.h];
      if (placed.some((b) => box[0] < b[2] && box[2] > b[0] && box[1] < b[3] && box[3] > b[1])) continue;
      placed.push(box);
      L.tooltip({ permanent: true, direction: 'center', className: 'cpts-label' + (g.isNew ? ' new' : ''), interactive: false })
        .setLatLng([g.y / g.n, g.x / g.n]).setContent(esc(g.name)).addTo(labels);
    }
  }

  // Targets offered: the options of the zone shown, the CPTS in view, a new CPTS.
  function fillTargets() {
    const select = $('target');
    const current = select.value;
    const seen = new Map();
    // A split names its CPTS `;`-separated; a creation's target is offered as a new CPTS below.
    for (const o of (zoneShown && zoneShown.options) || []) {
      if (!o.target_id || o.kind === 'create' || o.kind === 'mentor') continue;
      const ids = o.target_id.split(';'), names = (o.target_name || '').split('; ');
      ids.forEach((id, i) => { if (!seen.has(id)) seen.set(id, names[i] || id); });
    }
    const names = [];
    for (const p of features.values()) p.k.forEach((id, i) => names.push([id, (p.kn || p.k)[i]]));
    names.sort((a, b) => a[1].localeCompare(b[1], 'fr'));
    for (const [id, name] of names) if (!seen.has(id)) seen.set(id, name);
    select.innerHTML = '';
    for (const [id, name] of seen) select.add(new Option(`${name} (${id})`, id));
    select.add(new Option(w.new_cpts, 'new:'));
    if ([...select.options].some((o) => o.value === current)) select.value = current;
    $('new-name').hidden = select.value !== 'new:';
  }

  async function showZone(key) {
    const data = await api('/api/zones/' + encodeURIComponent(key) + '/options');
    zoneShown = data;
    $('zone-box').hidden = false;
    $('zone-title').textContent = `${w.zone} ${data.zone_key} — ${data.name}`;
    $('zone-figures').textContent = `${fmt(data.population)} ${w.inh} · ${data.options.length} ${w.options.toLowerCase()}`;
    const list = $('zone-options');
    list.innerHTML = '';
    for (const o of data.options.slice(0, 6)) {
      const pts = Object.entries(o).filter(([k, v]) => k.startsWith('pts_') && typeof v === 'number' && v > 0)
        .sort((a, b) => b[1] - a[1]).slice(0, 3).map(([k, v]) => `${k.slice(4)} ${v.toFixed(0)}`).join(', ');
      const li = document.createElement('li');
      li.innerHTML = `<b>${esc(w.kinds[o.kind] || o.kind)} — ${esc(o.target_name || '')}</b> (${w.score} ${Number(o.score).toFixed(0)}; ${esc(pts)})<span class="hint">${esc(o.rationale)}</span>`;
      // An extension the task force rules out: its CPTS forbidden for the whole zone (S8).
      if (o.kind === 'extend' && o.target_id) {
        const forbid = document.createElement('button');
        forbid.className = 'forbid-zone';
        forbid.textContent = w.forbid_zone;
        forbid.onclick = () => post('/api/edit', { action: 'forbid', units: [data.zone_key], cpts: o.target_id }, state.decisions.length);
        li.append(forbid);
      }
      list.append(li);
    }
    fillTargets();
  }

  function refreshSelection() {
    units.setStyle(unitStyle);
    const list = $('selection-list');
    list.innerHTML = '';
    let pop = 0;
    for (const p of selected.values()) {
      pop += p.p;
      const li = document.createElement('li');
      li.textContent = `${p.n} (${p.c}) — ${fmt(p.p)} ${w.inh}`;
      list.append(li);
    }
    $('selection-summary').textContent = selected.size ? w.selected(selected.size, fmt(pop)) : w.select_hint;
    for (const id of ['assign', 'forbid', 'clear']) $(id).disabled = selected.size === 0;
  }

  function render(s) {
    state = s;
    $('version').textContent = 'v' + s.version;
    $('area').textContent = s.study_area || '';
    $('undo').disabled = !s.can_undo;
    $('redo').disabled = !s.can_redo;
    $('pct-now').textContent = s.coverage.pct_covered.toLocaleString('fr-FR') + ' %';
    $('pct-decided').textContent = s.coverage.pct_with_decisions.toLocaleString('fr-FR') + ' %';
    $('pct-after').textContent = s.coverage.pct_after_plan.toLocaleString('fr-FR') + ' %';
    $('pop-now').textContent = fmt(s.coverage.covered) + ' ' + w.inh;
    $('pop-decided').textContent = fmt(s.coverage.with_decisions) + ' ' + w.inh;
    $('pop-after').textContent = fmt(s.coverage.after_plan) + ' ' + w.inh;
    $('zones-left').textContent = w.zones_left(s.zones.left, s.zones.total, fmt(s.zones.population_left));
    const f = s.funding;
    $('funding').textContent = w.funding(fmt(f.envelope_before_eur), fmt(f.envelope_after_eur), (f.delta_eur >= 0 ? '+' : '−') + fmt(Math.abs(f.delta_eur)));
    const body = $('cpts-table').tBodies[0];
    body.innerHTML = '';
    for (const c of s.cpts) {
      const tr = body.insertRow();
      tr.dataset.id = c.id;
      tr.innerHTML = `<td>${esc(c.name)}${c.locked ? ' 🔒 ' + w.locked : ''}</td>` +
        `<td class="pop">${fmt(c.population_before)} → <b>${fmt(c.population_decided)}</b> → ${fmt(c.population_after)}</td>` +
        `<td>${c.size_class_before || '–'} → ${c.size_class_after}</td>` +
        `<td>${fmt(c.envelope_before_eur)} → ${fmt(c.envelope_after_eur)} €</td>`;
      if (c.warnings.length) tr.title = c.warnings.join('\n');
    }
    const list = $('decisions-list');
    list.innerHTML = '';
    for (const d of s.decisions) {
      const li = document.createElement('li');
      li.className = d.status;
      li.innerHTML = `${esc(d.unit || '—')} → ${esc(d.target_name || d.cpts)} [${esc(d.decision)}, ${w[d.status]}]<span class="hint">${esc(d.reason)}</span>`;
      if (d.hint.length) {
        const hint = document.createElement('span');
        hint.className = 'hint';
        hint.textContent = `${w.hint} : ${d.hint.map((h) => `${h.name} (${h.code}, ${fmt(h.population)} ${w.inh})`).join(', ')} `;
        const add = document.createElement('button');
        add.textContent = w.add_hint;
        add.onclick = () => { for (const h of d.hint) { const p = features.get(h.code); if (p) selected.set(h.code, p); } refreshSelection(); };
        hint.append(add);
        li.append(hint);
      }
      list.append(li);
    }
    document.body.dataset.version = String(s.version);
  }

  async function post(path, body, rowsBefore) {
    const message = $('message');
    try {
      const s = await api(path, Object.assign({ version: state.version }, body));
      render(s);
      const fresh = s.decisions.slice(rowsBefore ?? s.decisions.length);
      const refused = fresh.filter((d) => d.status === 'refused');
      message.className = refused.length ? 'refused' : 'applied';
      message.textContent = refused.length ? refused.map((d) => `${d.unit} : ${d.reason}`).join(' · ') : (fresh.length ? `${fresh.length} × ${w.applied}` : '');
      await loadView();
    } catch (e) {
      message.className = 'refused';
      message.textContent = e.status === 409 ? w.stale : e.message;
      if (e.status === 409) { render(await api('/api/state')); await loadView(); }
    }
  }

  function target() {
    const value = $('target').value;
    return value === 'new:' ? 'new:' + $('new-name').value.trim() : value;
  }

  $('target').onchange = () => { $('new-name').hidden = $('target').value !== 'new:'; };
  $('assign').onclick = () => post('/api/edit', { action: 'assign', units: [...selected.keys()], cpts: target() }, state.decisions.length);
  $('forbid').onclick = () => post('/api/edit', { action: 'forbid', units: [...selected.keys()], cpts: target() }, state.decisions.length);
  $('clear').onclick = () => post('/api/edit', { action: 'clear', units: [...selected.keys()] });
  $('lock').onclick = () => post('/api/edit', { action: 'lock', cpts: target() }, state.decisions.length);
  $('deselect').onclick = () => { selected.clear(); refreshSelection(); };
  $('undo').onclick = () => post('/api/undo', {});
  $('redo').onclick = () => post('/api/redo', {});
  $('complete').onclick = () => post('/api/edit', { action: 'complete' }, state.decisions.length);
  $('export').onclick = async () => {
    try {
      const r = await api('/api/export', {});
      $('message').className = 'applied';
      $('message').textContent = `${w.exported} ${r.out} (${r.files.length})`;
    } catch (e) { $('message').className = 'refused'; $('message').textContent = e.message; }
  };
  document.addEventListener('keydown', (e) => {
    if (e.target.tagName === 'INPUT') return;
    if ((e.ctrlKey || e.metaKey) && e.key === 'z' && state.can_undo) $('undo').click();
    if ((e.ctrlKey || e.metaKey) && e.key === 'y' && state.can_redo) $('redo').click();
    if (e.key === 'Escape') $('deselect').click();
  });

  // Rectangle (shift-drag) and lasso (alt-drag): units whose inner point falls inside.
  let drag = null;
  let swallowClick = false;
  window.addEventListener('click', (e) => {
    if (swallowClick) { swallowClick = false; e.stopPropagation(); }
  }, true);
  map.getContainer().addEventListener('mousedown', (e) => {
    if (!(e.shiftKey || e.altKey) || e.button !== 0) return;
    // Ours, not Leaflet's: a pan started under the selection would leave the map "moving",
    // and a moving map ignores hovers.
    e.stopImmediatePropagation();
    e.preventDefault();
    drag = { lasso: e.altKey, points: [map.mouseEventToLatLng(e)], moved: false };
    map.dragging.disable();
  }, true);
  map.getContainer().addEventListener('mousemove', (e) => {
    if (!drag) return;
    drag.points.push(map.mouseEventToLatLng(e));
    drag.moved = drag.points.length > 3;
    draft.clearLayers();
    // On the units' own canvas: a second canvas on top would take the mouse from the units.
    const style = { renderer, color: '#ff8f00', weight: 2, fill: false, interactive: false };
    const shape = drag.lasso ? L.polygon(drag.points, style) : L.rectangle(L.latLngBounds(drag.points[0], drag.points.at(-1)), style);
    shape.addTo(draft);
  }, true);
  window.addEventListener('mouseup', (e) => {
    if (!drag) return;
    const d = drag; drag = null;
    map.dragging.enable();
    draft.clearLayers();
    if (!d.moved) return;
    e.stopPropagation();
    // The click the browser sends after this mouseup is the drag's end, not a click on a unit.
    swallowClick = true;
    const inside = d.lasso ? (ll) => inPolygon(ll, d.points) : ((b) => (ll) => b.contains(ll))(L.latLngBounds(d.points[0], d.points.at(-1)));
    for (const p of features.values()) if (p.lp && p.a && inside(L.latLng(p.lp[1], p.lp[0]))) selected.set(p.c, p);
    refreshSelection();
  }, true);

  function inPolygon(ll, ring) {
    let inside = false;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const a = ring[i], b = ring[j];
      if ((a.lat > ll.lat) !== (b.lat > ll.lat) && ll.lng < ((b.lng - a.lng) * (ll.lat - a.lat)) / (b.lat - a.lat) + a.lng) inside = !inside;
    }
    return inside;
  }

  function legend() {
    const ul = $('legend');
    ul.innerHTML = '';
    for (const [colour, label] of w.legend_items) {
      const li = document.createElement('li');
      const swatch = document.createElement('i');
      if (colour === 'zone') swatch.style.background = 'repeating-linear-gradient(-45deg,#c62828 0 2px,#fde0dc 2px 6px)';
      else if (colour === 'decided') swatch.style.background = 'repeating-linear-gradient(-45deg,#1f5fbf 0 2px,#e3ecfa 2px 6px)';
      else swatch.style.background = colour;
      li.append(swatch, document.createTextNode(label));
      ul.append(li);
    }
    for (const [k, s] of Object.entries(BORDER_STYLE)) {
      const li = document.createElement('li');
      const swatch = document.createElement('i');
      swatch.style.cssText = `height:0;border:0;border-top:${Math.max(2, s.weight)}px ${s.dashArray ? 'dashed' : 'solid'} ${s.color}`;
      const names = { fr: { departement: 'Limite de département', cpts: 'Limite de CPTS', zone: 'Contour de zone blanche', plan: 'Limite après le plan' },
        en: { departement: 'Département border', cpts: 'CPTS border', zone: 'Zone blanche outline', plan: 'Border once planned' } };
      li.append(swatch, document.createTextNode(names[state.lang][k]));
      ul.append(li);
    }
  }

  function translate() {
    document.documentElement.lang = state.lang;
    for (const el of document.querySelectorAll('[data-t]')) if (typeof w[el.dataset.t] === 'string') el.textContent = w[el.dataset.t];
    $('new-name').placeholder = w.new_name;
    document.title = 'zones-blanches — ' + w.title;
  }

  async function start() {
    const s = await api('/api/state');
    w = WORDS[s.lang] || WORDS.fr;
    render(s);
    translate();
    legend();
    refreshSelection();
    const e = s.extent || [-5, 41, 10, 51.5];
    map.fitBounds([[e[1], e[0]], [e[3], e[2]]]);
    map.on('moveend', () => loadView().catch((err) => { $('message').textContent = err.message; }));
    await loadView();
    document.body.dataset.ready = 'true';
  }

  // For the browser test and the curious: where a unit is drawn on screen.
  window.zb = {
    pointOf(code) {
      const p = features.get(code);
      if (!p || !p.lp) return null;
      const pt = map.latLngToContainerPoint([p.lp[1], p.lp[0]]);
      const box = map.getContainer().getBoundingClientRect();
      return { x: pt.x + box.left, y: pt.y + box.top };
    },
    state: () => state,
    selected: () => [...selected.keys()],
    features: () => features,
  };
  start().catch((e) => { $('message').textContent = e.message; });
})();

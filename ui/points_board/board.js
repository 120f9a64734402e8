// The drawing board: it draws what the server sends (points, PCA's axis and segments, the network's curve) and
// reports the learner's points when a gesture ends (never on every pixel). No maths here.
const SVG = "http://www.w3.org/2000/svg";
const HOLD_MS = 550;        // a touch held this long without moving deletes the point under it
const MOVE_PX = 6;          // a press that moves less than this is a click (or a tap), not a drag
const SPRAY = 3, SPRAY_STEP_PX = 14, SPRAY_RADIUS = 0.25;
const MODES = [["add", "Add / move"], ["delete", "Delete"], ["brush", "Brush"]];

function el(tag, attrs = {}, parent = null, ns = null) {
  const e = ns ? document.createElementNS(ns, tag) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (parent) parent.appendChild(e);
  return e;
}

function same(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (Math.abs(a[i][0] - b[i][0]) > 1e-3 || Math.abs(a[i][1] - b[i][1]) > 1e-3) return false;
  }
  return true;
}

function overlay() { return window.__drawBoardOverlay || null; }

function create(root) {
  const b = { pts: [], history: [], mode: "add", drag: null, seq: 0, appliedRev: null, data: null,
              token: Math.random().toString(36).slice(2, 10), heldAt: 0 };
  const box = el("div", { class: "drawboard" }, root);
  const tools = el("div", { class: "drawboard-tools", role: "toolbar", "aria-label": "Drawing tools" }, box);
  b.modeButtons = MODES.map(([mode, label]) => {
    const button = el("button", { type: "button", "data-mode": mode, "aria-pressed": "false" }, tools);
    button.textContent = label;
    button.onclick = () => { b.mode = mode; render(b); };
    return button;
  });
  b.undo = el("button", { type: "button" }, tools);
  b.undo.textContent = "Undo";
  b.undo.onclick = () => undo(b);
  b.clear = el("button", { type: "button" }, tools);
  b.clear.textContent = "Clear";
  b.clear.onclick = () => { if (b.pts.length) commit(b, b.pts.slice(), []); };
  b.count = el("span", { class: "drawboard-count" }, tools);
  const hintId = "drawboard-hint-" + b.token;
  b.svg = el("svg", { class: "drawboard-svg", role: "application", tabindex: "0", "aria-describedby": hintId },
             box, SVG);
  b.layer = el("g", { transform: "scale(1,-1)" }, b.svg, SVG);  // y points up, as on a chart
  b.hint = el("p", { class: "drawboard-hint", id: hintId }, box);
  b.hint.textContent = "Click or tap to add a point, drag a point to move it. Delete mode, a right-click or a long " +
    "press removes one; Brush sprays points along your path. Keyboard: Ctrl+Z undoes; the table of points below " +
    "edits every point.";
  b.legend = el("div", { class: "drawboard-legend", "aria-hidden": "true" }, box);
  b.status = el("div", { class: "drawboard-status", role: "status", "aria-live": "polite" }, box);
  const svg = b.svg;
  svg.addEventListener("pointerdown", e => down(b, e));
  svg.addEventListener("pointermove", e => move(b, e));
  svg.addEventListener("pointerup", e => up(b, e, false));
  svg.addEventListener("pointercancel", e => up(b, e, true));
  svg.addEventListener("contextmenu", e => { e.preventDefault(); if (Date.now() - b.heldAt > 1000) remove(b, e); });
  svg.addEventListener("keydown", e => {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "z") { e.preventDefault(); undo(b); }
  });
  b.onOverlay = () => {  // a board the page has removed stops listening
    if (b.svg.isConnected) render(b); else window.removeEventListener("drawboard-overlay", b.onOverlay);
  };
  window.addEventListener("drawboard-overlay", b.onOverlay);
  return b;
}

function toData(b, e) {
  const r = b.svg.getBoundingClientRect(), B = b.data.bound;
  const x = -B + (e.clientX - r.left) / r.width * 2 * B, y = B - (e.clientY - r.top) / r.height * 2 * B;
  return [Math.max(-B, Math.min(B, x)), Math.max(-B, Math.min(B, y))];
}

function unitsPerPx(b) { return 2 * b.data.bound / (b.svg.getBoundingClientRect().width || 1); }

function nearest(b, p) {
  const reach = Math.max(0.1, 12 * unitsPerPx(b));  // a finger's width on a phone, a few pixels with a mouse
  let best = -1, bestD = reach * reach;
  b.pts.forEach((q, i) => {
    const d = (q[0] - p[0]) ** 2 + (q[1] - p[1]) ** 2;
    if (d <= bestD) { best = i; bestD = d; }
  });
  return best;
}

function down(b, e) {
  if (e.button === 2 || !b.data) return;
  try { b.svg.setPointerCapture(e.pointerId); } catch (_) { /* a pointer the browser no longer tracks */ }
  const p = toData(b, e), i = nearest(b, p);
  const drag = b.drag = { i, p, x: e.clientX, y: e.clientY, moved: false, before: b.pts.slice(), timer: null };
  if (b.mode === "delete") { b.drag = null; if (i >= 0) remove(b, e); return; }
  if (b.mode === "brush") { drag.brush = true; spray(b, p); return; }
  if (i >= 0 && e.pointerType !== "mouse") {
    drag.timer = setTimeout(() => {
      if (b.drag === drag && !drag.moved) { b.drag = null; b.heldAt = Date.now(); remove(b, e); }
    }, HOLD_MS);
  }
}

function move(b, e) {
  const drag = b.drag;
  if (!drag) return;
  if (!drag.moved && Math.hypot(e.clientX - drag.x, e.clientY - drag.y) < MOVE_PX) return;
  drag.moved = true;
  clearTimeout(drag.timer);
  const p = toData(b, e);
  if (drag.brush) {
    if (Math.hypot(p[0] - drag.p[0], p[1] - drag.p[1]) >= SPRAY_STEP_PX * unitsPerPx(b)) { spray(b, p); drag.p = p; }
  } else if (drag.i >= 0) {
    b.pts[drag.i] = p;
    render(b);
  }
}

function up(b, e, cancelled) {
  const drag = b.drag;
  b.drag = null;
  if (!drag) return;
  clearTimeout(drag.timer);
  if (drag.brush || (drag.i >= 0 && drag.moved)) {
    commit(b, drag.before, b.pts);
  } else if (drag.i < 0 && !drag.moved && !cancelled && b.pts.length < b.data.max) {
    commit(b, drag.before, b.pts.concat([toData(b, e)]));
  }
}

function spray(b, p) {
  const B = b.data.bound;
  for (let k = 0; k < SPRAY && b.pts.length < b.data.max; k++) {
    const a = Math.random() * 2 * Math.PI, r = SPRAY_RADIUS * Math.sqrt(Math.random());
    b.pts.push([Math.max(-B, Math.min(B, p[0] + r * Math.cos(a))), Math.max(-B, Math.min(B, p[1] + r * Math.sin(a)))]);
  }
  render(b);
}

function remove(b, e) {
  const i = nearest(b, toData(b, e));
  if (i < 0) return;
  commit(b, b.pts.slice(), b.pts.filter((_, j) => j !== i));
}

function undo(b) {
  if (!b.history.length) return;
  const before = b.history.pop();
  b.pts = before;
  report(b, "Undone");
}

function commit(b, before, after) {
  if (same(before, after) && before.length === after.length) { b.pts = after; render(b); return; }
  b.history.push(before);
  if (b.history.length > 100) b.history.shift();
  b.pts = after;
  report(b, after.length > before.length ? "Point added" : after.length < before.length ? "Point removed" : "Moved");
}

function report(b, what) {
  b.seq += 1;
  b.sentRev = b.appliedRev;
  b.said = `${what}. ${b.pts.length} points.`;
  render(b);
  b.setTrigger("edit", { points: b.pts.map(p => [+p[0].toFixed(4), +p[1].toFixed(4)]), seq: `${b.token}:${b.seq}` });
}

function update(b, data) {
  b.data = data;
  // Our last report is on its way while the server still sends what it had (an earlier report of ours, or the
  // version we reported on): keep the learner's points. Anything else the server changed (a preset, the table,
  // Reset this page) wins.
  const [token, seq] = String(data.ack || "").split(":");
  const pending = b.seq > 0 && (token === b.token ? +seq < b.seq : data.rev === b.sentRev);
  if (!pending && !b.drag && data.rev !== b.appliedRev) {
    if (b.appliedRev !== null && !same(b.pts, data.points)) b.history.push(b.pts.slice());  // a preset, a table edit
    b.pts = data.points.map(p => p.slice());
    b.appliedRev = data.rev;
  }
  render(b);
}

function line(parent, a, attrs) { return el("line", { x1: a[0], y1: a[1], x2: a[2], y2: a[3], ...attrs }, parent, SVG); }

function render(b) {
  const d = b.data;
  if (!d) return;
  const B = d.bound, c = d.colors, r = (0.017 * B).toFixed(4), thin = "vector-effect:non-scaling-stroke";
  b.svg.setAttribute("viewBox", `${-B} ${-B} ${2 * B} ${2 * B}`);
  b.svg.setAttribute("aria-label", `${d.label}: ${b.pts.length} points`);
  for (const [i, button] of b.modeButtons.entries()) button.setAttribute("aria-pressed", String(MODES[i][0] === b.mode));
  b.svg.dataset.mode = b.mode;
  b.undo.disabled = !b.history.length;
  b.clear.disabled = !b.pts.length;
  b.count.textContent = `${b.pts.length} of ${d.max} points`;
  if (b.said) b.status.textContent = b.said;
  const g = b.layer;
  g.replaceChildren();
  for (let v = Math.ceil(-B); v <= B; v++) {
    const color = v === 0 ? c.axes : c.grid;
    line(g, [v, -B, v, B], { stroke: color, style: thin, "stroke-width": 1 });
    line(g, [-B, v, B, v], { stroke: color, style: thin, "stroke-width": 1 });
  }
  const fresh = !b.drag;  // while a point moves, the server's lines are about the old points: hidden
  if (fresh) {
    for (const s of d.segments) line(g, s, { class: "segment", stroke: c.segments, style: thin, "stroke-width": 1 });
    if (d.axis) line(g, [...d.axis[0], ...d.axis[1]], { class: "pca-axis", stroke: c.pca, style: thin,
                                                         "stroke-width": 3, "stroke-dasharray": "8 5" });
  }
  const o = d.curve_on ? overlay() : null;
  if (o && o.curve) {
    el("polyline", { class: "decoder-curve", points: o.curve.map(p => p.join(",")).join(" "), fill: "none",
                     stroke: c.curve, style: thin, "stroke-width": 3 }, g, SVG);
  }
  if (o && o.recon && fresh) {
    for (const p of o.recon) el("circle", { class: "recon", cx: p[0], cy: p[1], r, fill: "none", stroke: c.recon,
                                             style: thin, "stroke-width": 1.5 }, g, SVG);
  }
  for (const p of b.pts) el("circle", { class: "point", cx: p[0], cy: p[1], r, fill: c.points }, g, SVG);
  b.legend.innerHTML = `<span><i class="dot" style="background:${c.points}"></i>your points</span>` +
    (d.axis ? `<span><i class="dash" style="border-color:${c.pca}"></i>PCA's axis</span>` : "") +
    (d.segments.length ? `<span><i style="background:${c.segments};height:2px"></i>projections</span>` : "") +
    (o && o.curve ? `<span><i style="background:${c.curve};height:3px"></i>decoder curve</span>` : "");
}

export default function ({ parentElement, data, setTriggerValue }) {
  let b = parentElement.__drawboard;
  if (!b) b = parentElement.__drawboard = create(parentElement);
  b.setTrigger = setTriggerValue;
  update(b, data);
}

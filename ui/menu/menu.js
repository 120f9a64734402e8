// The app's menu: real links in a <nav>, one list per section, the current page marked for screen readers. A plain
// click (or Enter) changes page as the browser's Back button does in Streamlit: the address changes and Streamlit
// follows it in the same session, so what the learner did stays. A middle or Ctrl click opens a new tab as any link.

function el(tag, attrs = {}, parent = null) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (parent) parent.appendChild(e);
  return e;
}

// On a phone the open sidebar covers the page: once a page is chosen, it closes to show it.
function closeIfCovering() {
  const side = document.querySelector("[data-testid='stSidebar']");
  const main = document.querySelector("[data-testid='stMain']");
  if (side && main && side.getBoundingClientRect().right > main.getBoundingClientRect().left + 1) {
    document.querySelector("[data-testid='stSidebarCollapseButton'] button")?.click();
  }
}

function go(href) {
  window.history.pushState(null, "", href);  // relative: resolved against the page, as the link is
  window.dispatchEvent(new PopStateEvent("popstate"));
  closeIfCovering();
}

function link(item) {
  const a = el("a", { href: item.href, class: "appmenu-link" });
  if (item.current) a.setAttribute("aria-current", "page");
  el("span", { class: "appmenu-icon", "aria-hidden": "true" }, a).textContent = item.icon;
  el("span", {}, a).textContent = item.label;
  a.addEventListener("click", event => {
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    if (!item.current) go(item.href);
  });
  return a;
}

export default function ({ parentElement, data }) {
  // Every run sends the menu again: redraw it only when it changed, so a keyboard's focus on a link stays put.
  const drawn = JSON.stringify(data);
  const last = parentElement.querySelector("nav.appmenu");
  if (last && last.appMenuDrawn === drawn) return;
  const focused = last && last.contains(document.activeElement) ? document.activeElement.getAttribute("href") : null;
  const nav = el("nav", { class: "appmenu", "aria-label": data.label });
  nav.appMenuDrawn = drawn;
  for (const section of data.sections) {
    if (section.title) el("h2", { class: "appmenu-section" }, nav).textContent = section.title;
    const list = el("ul", {}, nav);
    for (const item of section.links) el("li", {}, list).appendChild(link(item));
  }
  // Replace the last menu only: Streamlit puts the component's <style> in parentElement too.
  if (last) last.replaceWith(nav); else parentElement.appendChild(nav);
  if (focused !== null) nav.querySelector(`a[href="${CSS.escape(focused)}"]`)?.focus();
}

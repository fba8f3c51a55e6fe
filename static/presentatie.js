// Presenter keys and full screen for pages/presentatie.py (a clicker sends PageDown/PageUp).
// Installed once per tab; it only acts while the presentation's buttons are on the page.
const VOLGENDE = new Set(["ArrowRight", "ArrowDown", "PageDown", " "]);
const VORIGE = new Set(["ArrowLeft", "ArrowUp", "PageUp"]);

function knop(sleutel) {
  return document.querySelector(`.st-key-${sleutel} button`);
}

function volledigScherm() {
  if (document.fullscreenElement) document.exitFullscreen();
  else document.documentElement.requestFullscreen().catch(() => {});
}

function invoer(el) {
  if (!el) return false;
  const tag = el.tagName;
  return (
    tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || el.isContentEditable ||
    el.getAttribute("role") === "combobox" || el.getAttribute("role") === "listbox"
  );
}

export default function (component) {
  const { parentElement } = component;
  const scherm = parentElement.querySelector("button.volledig");
  if (scherm && !scherm.dataset.klaar) {
    scherm.dataset.klaar = "1";
    scherm.addEventListener("click", volledigScherm);
  }
  if (window.__preventiekaartDia) return;
  window.__preventiekaartDia = true;
  document.addEventListener("keydown", (e) => {
    if (!knop("pres-volgende") || e.altKey || e.ctrlKey || e.metaKey) return;
    const actief = document.activeElement;
    if (invoer(actief)) return;
    // Space on a focused button already presses that button.
    if (e.key === " " && actief && actief.tagName === "BUTTON") return;
    let doel = null;
    if (VOLGENDE.has(e.key)) doel = knop("pres-volgende");
    else if (VORIGE.has(e.key)) doel = knop("pres-vorige");
    else if (e.key === "Home") doel = knop("pres-eerste");
    else if (e.key === "End") doel = knop("pres-laatste");
    else if (e.key === "f" || e.key === "F") {
      e.preventDefault();
      volledigScherm();
      return;
    }
    if (doel) {
      e.preventDefault();
      doel.click();
    }
  });
}

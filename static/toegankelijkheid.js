// Dutch page language and Dutch texts for Streamlit's own widgets (WCAG 3.1.1 and 3.1.2).
// Streamlit ships an English shell (<html lang="en">) and English widget texts that no
// option translates. This script runs once per browser tab in the app's own document (a
// components.v2 component, no iframe): it sets lang="nl" and translates the known English
// texts and labels as soon as Streamlit renders them. Texts it does not know stay as they
// are; the browser test lists every English text it still finds.

const EXACT = {
  // file uploader
  "Drag and drop file here": "Sleep een bestand hierheen",
  "Drag and drop a file here": "Sleep een bestand hierheen",
  "Drag and drop files here": "Sleep bestanden hierheen",
  "Browse files": "Bestand kiezen",
  "Upload": "Bestand kiezen",
  "Add files": "Bestanden toevoegen",
  "file upload": "bestand kiezen",
  "Remove file": "Bestand verwijderen",
  "Delete": "Verwijderen",
  // select boxes
  "Select all": "Alles kiezen",
  "Clear all": "Alles wissen",
  "Clear value": "Waarde wissen",
  "Clear selection": "Keuze wissen",
  "No results": "Geen resultaten",
  "Choose options": "Kies een of meer opties",
  "Choose an option": "Kies een optie",
  "Selected values": "Gekozen waarden",
  "Multiselect options": "Keuzes",
  "Select...": "Kies…",
  "Open": "Openen",
  "Close": "Sluiten",
  // text and number input
  "Show password": "Wachtwoord tonen",
  "Hide password": "Wachtwoord verbergen",
  "Increment": "Verhogen",
  "Decrement": "Verlagen",
  // dates
  "Choose date": "Kies een datum",
  "Clear date": "Datum wissen",
  "Previous month": "Vorige maand",
  "Next month": "Volgende maand",
  "DD-MM-YYYY": "DD-MM-JJJJ",
  "dd-mm-yyyy": "dd-mm-jjjj",
  "yyyy": "jjjj",
  "YYYY": "JJJJ",
  "Calendar": "Kalender",
  // tables, images, charts
  "Download as CSV": "Downloaden als CSV",
  "Search": "Zoeken",
  "Close Search": "Zoeken sluiten",
  "Fullscreen": "Volledig scherm",
  "Close fullscreen": "Volledig scherm sluiten",
  "Toggle fullscreen": "Volledig scherm aan/uit",
  "Show/hide columns": "Kolommen tonen of verbergen",
  "Show data": "Gegevens tonen",
  "Show chart": "Grafiek tonen",
  "Sort ascending": "Oplopend sorteren",
  "Sort descending": "Aflopend sorteren",
  "Autosize": "Breedte passend maken",
  "Pin column": "Kolom vastzetten",
  "Unpin column": "Kolom losmaken",
  "Hide column": "Kolom verbergen",
  "Copy column name": "Kolomnaam kopiëren",
  "Dataframe column menu": "Kolommenu",
  "Previous page": "Vorige pagina",
  "Next page": "Volgende pagina",
  "Pagination": "Paginering",
  "Link to heading": "Link naar deze kop",
  "Markdown content": "Tekst",
  // app chrome
  "Running...": "Bezig…",
  "Stop": "Stoppen",
  "Stop script": "Stoppen",
  "Rerun": "Opnieuw",
  "Connecting": "Verbinden",
  "Main menu": "Hoofdmenu",
  "Collapse sidebar": "Zijbalk inklappen",
  "Expand sidebar": "Zijbalk uitklappen",
  "Sidebar": "Zijbalk",
  "App pages": "Pagina's",
  "Navigate to home page": "Naar de startpagina",
  "Notifications": "Meldingen",
  "Scroll tabs right": "Tabbladen naar rechts",
  "Scroll tabs left": "Tabbladen naar links",
  "View more": "Meer tonen",
  "View less": "Minder tonen",
  "Keyboard shortcut": "Sneltoets",
};

const MAANDEN = {
  January: "januari", February: "februari", March: "maart", April: "april", May: "mei",
  June: "juni", July: "juli", August: "augustus", September: "september",
  October: "oktober", November: "november", December: "december",
};
const DAGEN = {
  Sunday: "zondag", Monday: "maandag", Tuesday: "dinsdag", Wednesday: "woensdag",
  Thursday: "donderdag", Friday: "vrijdag", Saturday: "zaterdag",
};
const MAAND = Object.keys(MAANDEN).join("|");
const DAG = Object.keys(DAGEN).join("|");
// Weekday letters of the calendar's header row (the calendar starts on Sunday).
const DAGLETTERS = ["Z", "M", "D", "W", "D", "V", "Z"];
Object.assign(EXACT, MAANDEN, DAGEN, {
  "Use arrow keys to navigate dates. Enter to select. Escape to close.":
    "Kies een datum met de pijltjestoetsen, Enter om te kiezen, Escape om te sluiten.",
  "Today": "Vandaag",
  "Help": "Uitleg",
  "month": "maand",
  "year": "jaar",
});

const PATTERNS = [
  [new RegExp(`^(${MAAND}) (\\d{4})$`), (m) => `${MAANDEN[m[1]]} ${m[2]}`],
  [new RegExp(`^Choose date, (${MAAND}) (\\d{4})$`), (m) => `Kies een datum, ${MAANDEN[m[1]]} ${m[2]}`],
  [
    new RegExp(`^(Today, )?(${DAG}), (${MAAND}) (\\d{1,2}), (\\d{4})(.*)$`),
    (m) =>
      `${m[1] ? "vandaag, " : ""}${DAGEN[m[2]]} ${m[4]} ${MAANDEN[m[3]]} ${m[5]}` +
      m[6].replace(" selected", " gekozen"),
  ],
  [/^(\d+(?:[.,]\d+)?)\s*([KMGT]?B) per file(.*)$/, (m) => `Maximaal ${m[1]} ${m[2]} per bestand${m[3]}`],
  [/^Limit (\d+(?:[.,]\d+)?)\s*([KMGT]?B) per file(.*)$/, (m) => `Maximaal ${m[1]} ${m[2]} per bestand${m[3]}`],
  [/^Press (.+) to apply$/, (m) => `Druk op ${m[1].replace("⌘", "Ctrl")} om toe te passen`],
  [/^Press (.+) to submit form$/, (m) => `Druk op ${m[1]} om het formulier te versturen`],
  [/^View (\d+) more$/, (m) => `Nog ${m[1]} tonen`],
  // The (?) button next to a widget with help text: Streamlit names it "Help for <label>".
  [/^Help for (.+)$/s, (m) => `Uitleg bij ${m[1]}`],
];

const ATTRIBUTES = ["aria-label", "title", "placeholder", "alt"];

function vertaal(tekst) {
  const kaal = tekst.trim();
  if (!kaal) return null;
  if (Object.prototype.hasOwnProperty.call(EXACT, kaal)) {
    return tekst.replace(kaal, EXACT[kaal]);
  }
  for (const [re, maak] of PATTERNS) {
    const m = kaal.match(re);
    if (m) return tekst.replace(kaal, maak(m));
  }
  // "Fullscreen: <alt text of the image>" and the like: translate the English head.
  const dubbelepunt = kaal.indexOf(": ");
  if (dubbelepunt > 0) {
    const kop = kaal.slice(0, dubbelepunt);
    if (Object.prototype.hasOwnProperty.call(EXACT, kop)) {
      return tekst.replace(kop + ": ", EXACT[kop] + ": ");
    }
  }
  return null;
}

// The calendar's month and year buttons are named "month"/"year" by aria-labelledby,
// which hides the visible month (axe: label-content-name-mismatch). Name them by what
// they show instead: "Maand: december".
function kalenderKnop(el) {
  const soort = el.dataset.pkKalender || { month: "Maand", year: "Jaar" }[el.getAttribute("aria-label")];
  if (!soort) return;
  el.dataset.pkKalender = soort;
  el.removeAttribute("aria-labelledby");
  const naam = `${soort}: ${el.textContent.trim()}`;
  if (el.getAttribute("aria-label") !== naam) el.setAttribute("aria-label", naam);
}

function dagletter(el) {
  if (el.tagName !== "TH" || !el.closest("table[aria-label]")) return;
  const letter = DAGLETTERS[el.cellIndex];
  if (letter && el.textContent.trim() !== letter && el.textContent.trim().length === 1) {
    el.textContent = letter;
  }
}

function vertaalElement(el) {
  if (el.tagName === "BUTTON") kalenderKnop(el);
  if (el.tagName === "TH") dagletter(el);
  for (const naam of ATTRIBUTES) {
    const waarde = el.getAttribute && el.getAttribute(naam);
    if (waarde) {
      const nl = vertaal(waarde);
      if (nl !== null && nl !== waarde) el.setAttribute(naam, nl);
    }
  }
}

// st.cache_* shows "Running `function(...)`." while a cached function runs: say it in
// Dutch and without the Python function name.
function spinner(node) {
  if (node.data.trim() !== "Running") return false;
  const p = node.parentElement && node.parentElement.closest("[data-testid=stSpinner] p, [data-testid=stSpinner] div");
  if (!p) return false;
  p.textContent = "Bezig met laden…";
  return true;
}

function vertaalBoom(root) {
  if (root.nodeType === Node.TEXT_NODE && spinner(root)) return;
  if (root.nodeType === Node.TEXT_NODE) {
    const nl = vertaal(root.data);
    if (nl !== null && nl !== root.data) root.data = nl;
    return;
  }
  if (root.nodeType !== Node.ELEMENT_NODE) return;
  vertaalElement(root);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  const knopen = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) knopen.push(node);
  for (const node of knopen) {
    if (!node.isConnected) continue;
    if (node.nodeType === Node.TEXT_NODE) {
      if (spinner(node)) continue;
      const nl = vertaal(node.data);
      if (nl !== null && nl !== node.data) node.data = nl;
    } else {
      vertaalElement(node);
    }
  }
}

// Streamlit's own "Page not found" dialog is English; the app already sends an unknown
// address to the start page with a Dutch note, so the dialog is closed as soon as it shows.
function sluitOnbekendePagina() {
  for (const d of document.querySelectorAll("[role=dialog]")) {
    if (!/Page not found/i.test(d.textContent || "")) continue;
    const knop = d.querySelector("button[aria-label=Close], button");
    if (knop) knop.click();
  }
}

function zetTaal() {
  if (document.documentElement.lang !== "nl") document.documentElement.lang = "nl";
}

export default function () {
  zetTaal();
  if (window.__preventiekaartNl) return;
  window.__preventiekaartNl = true;
  vertaalBoom(document.body);
  sluitOnbekendePagina();
  new MutationObserver((mutaties) => {
    zetTaal();
    sluitOnbekendePagina();
    for (const m of mutaties) {
      if (m.type === "characterData") {
        vertaalBoom(m.target);
        const knop = m.target.parentElement && m.target.parentElement.closest("button");
        if (knop) kalenderKnop(knop);
      }
      else if (m.type === "attributes") vertaalElement(m.target);
      else {
        m.addedNodes.forEach(vertaalBoom);
        const knop = m.target.closest && m.target.closest("button");
        if (knop) kalenderKnop(knop);
      }
    }
  }).observe(document.documentElement, {
    subtree: true,
    childList: true,
    characterData: true,
    attributes: true,
    attributeFilter: [...ATTRIBUTES, "lang", "aria-labelledby"],
  });
}

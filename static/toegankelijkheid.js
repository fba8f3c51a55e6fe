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

const PATTERNS = [
  [/^(\d+(?:[.,]\d+)?)\s*([KMGT]?B) per file(.*)$/, (m) => `Maximaal ${m[1]} ${m[2]} per bestand${m[3]}`],
  [/^Limit (\d+(?:[.,]\d+)?)\s*([KMGT]?B) per file(.*)$/, (m) => `Maximaal ${m[1]} ${m[2]} per bestand${m[3]}`],
  [/^Press (.+) to apply$/, (m) => `Druk op ${m[1].replace("⌘", "Ctrl")} om toe te passen`],
  [/^Press (.+) to submit form$/, (m) => `Druk op ${m[1]} om het formulier te versturen`],
  [/^View (\d+) more$/, (m) => `Nog ${m[1]} tonen`],
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

function vertaalElement(el) {
  for (const naam of ATTRIBUTES) {
    const waarde = el.getAttribute && el.getAttribute(naam);
    if (waarde) {
      const nl = vertaal(waarde);
      if (nl !== null && nl !== waarde) el.setAttribute(naam, nl);
    }
  }
}

function vertaalBoom(root) {
  if (root.nodeType === Node.TEXT_NODE) {
    const nl = vertaal(root.data);
    if (nl !== null && nl !== root.data) root.data = nl;
    return;
  }
  if (root.nodeType !== Node.ELEMENT_NODE) return;
  vertaalElement(root);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  let node = walker.nextNode();
  while (node) {
    if (node.nodeType === Node.TEXT_NODE) {
      const nl = vertaal(node.data);
      if (nl !== null && nl !== node.data) node.data = nl;
    } else {
      vertaalElement(node);
    }
    node = walker.nextNode();
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
  new MutationObserver((mutaties) => {
    zetTaal();
    for (const m of mutaties) {
      if (m.type === "characterData") vertaalBoom(m.target);
      else if (m.type === "attributes") vertaalElement(m.target);
      else m.addedNodes.forEach(vertaalBoom);
    }
  }).observe(document.documentElement, {
    subtree: true,
    childList: true,
    characterData: true,
    attributes: true,
    attributeFilter: [...ATTRIBUTES, "lang"],
  });
}

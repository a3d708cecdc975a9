// No "<" directly before a letter anywhere in this file: the sanitizer of st.html drops a script that has one.
// After a change of page, move the keyboard focus to the new page's title (WCAG 2.4.3), as a full page load would
// put it at the top. Streamlit changes page without reloading, so the focus would stay on the body or on a link that
// is gone. Installed once per browser window; offline, no dependency.
(() => {
  const doc = window.parent && window.parent.document ? window.parent.document : document;
  const win = doc.defaultView || window;
  if (win.__dashboardA11y) return;
  win.__dashboardA11y = true;
  let shownPath = win.location.pathname;
  let pending = false;
  const heading = () => doc.querySelector('[data-testid="stMain"] h1');
  let before = null;
  const focusTitle = (attempt) => {
    const title = heading();
    // The old page's title can stay in the document for a moment: wait for the new one (another element or text).
    const stale = title && before && title === before.element && title.textContent === before.text;
    if (!title || (stale && attempt < 50)) {
      if (attempt < 50) win.setTimeout(() => focusTitle(attempt + 1), 100);
      else pending = false;
      return;
    }
    title.setAttribute("tabindex", "-1");
    title.focus({ preventScroll: false });
    pending = false;
  };
  let current = null; // the title of the page shown, kept up to date until the address changes
  const watch = () => {
    if (win.location.pathname === shownPath) {
      const title = heading();
      if (title && !pending) current = { element: title, text: title.textContent };
      return;
    }
    if (!pending) {
      shownPath = win.location.pathname;
      pending = true;
      before = current;
      win.setTimeout(() => focusTitle(0), 50);
    }
  };
  // A headline's sparkline (st.metric's chart) is decoration beside the number and the change written in words;
  // Streamlit draws it as an SVG without a name, so it is hidden from assistive technology rather than left unnamed.
  const hideSparklines = () => {
    doc.querySelectorAll('[data-testid="stMetric"] svg:not([aria-hidden])').forEach((svg) => {
      svg.setAttribute("aria-hidden", "true");
    });
  };
  // A screen reader meets a chart by the name its figure has (charts.chart: its title and a sentence from its data,
  // with a table switch under it): plotly.js's own SVGs inside it, and the icons of its buttons (which have names),
  // are unnamed images, read out as "image" one after another; they are hidden as a sparkline is. A data grid's own
  // grid takes the name of the region around it (charts.grid), which it had not.
  const nameOrHideParts = () => {
    const parts = ".js-plotly-plot .main-svg, .modebar-btn svg, #js-plotly-tester"; // the last: plotly.js's ruler
    doc.querySelectorAll(parts.split(", ").map((part) => part + ":not([aria-hidden])").join(", "))
      .forEach((svg) => svg.setAttribute("aria-hidden", "true"));
    doc.querySelectorAll('[data-testid="stDataFrame"] [role="region"][aria-label] [role="grid"]:not([aria-label])')
      .forEach((grid) => {
        grid.setAttribute("aria-label", grid.closest('[role="region"][aria-label]').getAttribute("aria-label"));
      });
  };
  // On a right-to-left page a data grid's columns are given in reverse (charts.grid), so its first column is at its
  // right end: a grid wider than the page opens scrolled there. The grid sizes its content after it is added, so a
  // grid that does not overflow yet is looked at again; one that was opened is left where the reader scrolls it.
  const openGridsAtTheirStart = () => {
    if (doc.documentElement.dir !== "rtl") return;
    doc.querySelectorAll(".dvn-scroller:not([data-opened-at-start])").forEach((scroller) => {
      if (scroller.scrollWidth > scroller.clientWidth) {
        scroller.setAttribute("data-opened-at-start", "");
        scroller.scrollLeft = scroller.scrollWidth - scroller.clientWidth;
      }
    });
  };
  let gridCheck = null;
  const openGridsSoon = () => {
    openGridsAtTheirStart();
    if (gridCheck) win.clearTimeout(gridCheck);
    gridCheck = win.setTimeout(openGridsAtTheirStart, 400);
  };
  // Streamlit and plotly.js name their own buttons in English ("Help for …", "Clear all", a modebar's tooltips, the
  // skip link): in another language a screen reader would read those names in English inside a page in Arabic
  // (WCAG 3.1.2). Each run gives the page's words for them (frame.DOCUMENT_LANGUAGE_JS, text.frontend_words); a word
  // put in place remembers its English, so that a change of language translates it again, or gives the English back.
  const NAMED_BY = ["aria-label", "title", "data-title"];
  const SKIP_LINK = '[data-testid="stSkipToContent"]';
  const written = new WeakMap(); // element -> {attribute or "text": [English, what was written]}
  const ownWord = (words, english) => {
    if (Object.prototype.hasOwnProperty.call(words.exact, english)) return words.exact[english];
    for (const [before, after, ownBefore, ownAfter] of words.patterns) {
      const middle = english.length - before.length - after.length;
      if (middle > 0 && english.startsWith(before) && english.endsWith(after)) {
        return ownBefore + english.slice(before.length, before.length + middle) + ownAfter;
      }
    }
    return english;
  };
  const speakThePageLanguage = () => {
    const words = win.__dashboardFrontendWords || window.__dashboardFrontendWords || { exact: {}, patterns: [] };
    doc.querySelectorAll("[aria-label], [title], [data-title], " + SKIP_LINK).forEach((element) => {
      const kept = written.get(element) || {};
      const isSkipLink = element.matches(SKIP_LINK);
      for (const name of isSkipLink ? ["text", ...NAMED_BY] : NAMED_BY) {
        const value = name === "text" ? element.textContent : element.getAttribute(name);
        if (value == null || value === "") continue;
        const [english, wrote] = kept[name] || [];
        const source = value === wrote ? english : value;
        const wanted = ownWord(words, source);
        if (wanted !== value) {
          if (name === "text") element.textContent = wanted;
          else element.setAttribute(name, wanted);
        }
        if (wanted !== source) kept[name] = [source, wanted];
        else delete kept[name];
      }
      written.set(element, kept);
    });
  };
  let speakSoon = null;
  const speakWhenQuiet = () => {
    if (speakSoon) return;
    speakSoon = win.setTimeout(() => {
      speakSoon = null;
      speakThePageLanguage();
    }, 30);
  };
  new win.MutationObserver(() => {
    watch();
    hideSparklines();
    nameOrHideParts();
    openGridsSoon();
    speakWhenQuiet();
  }).observe(doc.body, { childList: true, subtree: true, attributes: true, attributeFilter: NAMED_BY });
  win.addEventListener("popstate", watch);
  win.addEventListener("dashboard-words", speakWhenQuiet);
  window.addEventListener("dashboard-words", speakWhenQuiet);
  speakWhenQuiet();
})();

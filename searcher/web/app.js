// The search page of `folio-search serve`: keeps the search in the URL, asks /api/search and
// /api/article/ID, and draws the answers. Only the server's highlighted HTML (snippet,
// title_html, body_html: escaped text plus <mark>) is parsed as HTML; everything else is text.
(() => {
  "use strict";

  const kDebounceMs = 250;
  const kDefaultSize = 10;
  const kMaxSize = 100;  // the API's limit
  const kMaxPage = 10000;  // the API refuses page * size > 10000, and says so
  const kPagesAround = 2;  // page links shown on each side of the current page
  const kSorts = ["relevance", "newest", "oldest"];
  // A state is everything the URL keeps; these values are left out of it.
  const kDefaults = Object.freeze({
    q: "", page: 1, size: kDefaultSize, category: "", lang: "", from: "", to: "",
    sort: "relevance", article: "",
  });

  const $ = (id) => document.getElementById(id);
  const el = {
    form: $("search-form"), q: $("q"), category: $("category"),
    languageFilter: $("language-filter"), languageMenu: $("language-menu"),
    languageButton: $("language-button"), languageChosen: $("language-chosen"),
    language: $("language"), from: $("from"), to: $("to"),
    sort: $("sort"), clearFilters: $("clear-filters"), resultsView: $("results-view"),
    resultsHeading: $("results-heading"), status: $("status"), notice: $("notice"),
    suggestion: $("suggestion"), suggestionLink: $("suggestion-link"), error: $("error"),
    empty: $("empty"), emptyTitle: $("empty-title"), hits: $("hits"), pager: $("pager"),
    prev: $("prev"), next: $("next"), pageList: $("page-list"), pageOf: $("page-of"),
    articleView: $("article-view"), back: $("back"), articleError: $("article-error"),
    articleTitle: $("article-title"), articleMeta: $("article-meta"),
    articleBody: $("article-body"), feed: $("feed"), feedLink: $("feed-link"),
    feedAlternate: $("feed-alternate"),
  };

  let current = { ...kDefaults };  // the state on screen (or being fetched)
  let resultsKey = null;  // the search the results list holds or is fetching
  let articleKey = null;  // likewise for the article view
  let searchAbort = null;  // aborting a request is how a stale answer gets ignored
  let articleAbort = null;
  // What a filter's menu lists: the facet values of the search without that filter (`key`).
  const menus = {
    category: { facet: "category", key: null, values: [], abort: null },
    lang: { facet: "language", key: null, values: [], abort: null },
  };
  let debounceTimer = 0;
  let typing = false;  // while typing, each new query replaces the history entry it started
  let resultsScrollY = 0;
  let focusFirstHit = false;  // after a page link, so Tab goes on from the new page's first hit
  let articleCount = null;
  let indexLanguages = [];  // the index's languages and counts, from /healthz

  // ---- State and URL ----

  function wholeNumber(text, fallback, lo, hi) {
    const n = Number(text);
    return text && Number.isInteger(n) && n >= lo && n <= hi ? n : fallback;
  }

  // A hand-written URL may say from=2020 or to=2020-02; a date input shows only whole days,
  // so widen the bound to the day it means. Anything else goes to the server, which explains.
  function wholeDay(text, isEnd) {
    const m = /^(\d{4})(?:-(\d{2}))?$/.exec(text);
    if (!m) {
      return text;
    }
    const [, year, month] = m;
    if (!month) {
      return isEnd ? `${year}-12-31` : `${year}-01-01`;
    }
    const last = new Date(Date.UTC(Number(year), Number(month), 0)).getUTCDate();
    return `${year}-${month}-${isEnd ? String(last).padStart(2, "0") : "01"}`;
  }

  // lang=de&lang=fr or lang=de,fr, as the API takes them. The state holds "de,fr": each code
  // once, in lower case and in order, so one choice has one URL and one search.
  function languagesFrom(values) {
    const codes = values.flatMap((v) => v.split(","))
      .map((c) => c.trim().toLowerCase()).filter(Boolean);
    return [...new Set(codes)].sort().join(",");
  }
  const languageCodes = (state) => (state.lang ? state.lang.split(",") : []);

  function stateFromUrl() {
    const p = new URLSearchParams(window.location.search);
    const sort = p.get("sort");
    return {
      q: (p.get("q") || "").trim(),
      page: wholeNumber(p.get("page"), 1, 1, kMaxPage),
      size: wholeNumber(p.get("size"), kDefaultSize, 1, kMaxSize),
      category: p.get("category") || "",
      lang: languagesFrom(p.getAll("lang")),
      from: wholeDay(p.get("from") || "", false),
      to: wholeDay(p.get("to") || "", true),
      sort: kSorts.includes(sort) ? sort : "relevance",
      article: p.get("article") || "",
    };
  }

  function urlFor(state) {
    const p = new URLSearchParams();
    for (const key of Object.keys(kDefaults)) {
      if (key === "lang") {
        languageCodes(state).forEach((code) => p.append("lang", code));
      } else if (state[key] !== kDefaults[key]) {
        p.set(key, String(state[key]));
      }
    }
    const search = p.toString();
    return search ? `/?${search}` : "/";
  }

  function searchParams(state) {
    const { q, page, size, sort } = state;
    const p = new URLSearchParams({ q, page, size, sort });
    for (const key of ["category", "from", "to"]) {
      if (state[key]) {
        p.set(key, state[key]);
      }
    }
    languageCodes(state).forEach((code) => p.append("lang", code));
    return p;
  }

  // The search as an Atom feed, newest first: its words and filters (in the server's order),
  // not its page or sort. No words and no filter: the newest articles of the index.
  function feedUrl(state) {
    const p = new URLSearchParams();
    for (const key of ["q", "category"]) {
      if (state[key]) {
        p.set(key, state[key]);
      }
    }
    languageCodes(state).forEach((code) => p.append("lang", code));
    for (const key of ["from", "to"]) {
      if (state[key]) {
        p.set(key, state[key]);
      }
    }
    const search = p.toString();
    return search ? `/feed?${search}` : "/feed";
  }

  const hasFilters = (state) => Boolean(state.category || state.lang || state.from || state.to);
  // With a filter and no words the server lists the category, languages or date range.
  const hasSearch = (state) => Boolean(state.q) || hasFilters(state);

  // Records `next` in the history ("push": a step Back should undo; "replace": a refinement
  // such as the next letter typed) and shows it.
  function navigate(next, how, marker = {}) {
    const url = urlFor(next);
    if (url !== window.location.pathname + window.location.search) {
      const method = how === "push" ? "pushState" : "replaceState";
      window.history[method]({ folio: true, ...marker }, "", url);
    }
    show(next);
  }

  function show(state) {
    const leaving = current.article;
    current = state;
    syncControls(state);
    if (searchParams(state).toString() !== resultsKey) {
      runSearch(state);
    }
    if (state.article) {
      openArticle(state);
    } else {
      showResultsView(leaving);
    }
  }

  // ---- Controls ----

  function syncControls(state) {
    if (el.q.value.trim() !== state.q) {  // never undo a space the user just typed
      el.q.value = state.q;
    }
    fillCategories(menus.category.values, state.category);
    fillLanguages(menus.lang.values, state.lang);
    el.from.value = state.from;
    el.to.value = state.to;
    el.from.max = state.to;  // the pickers then offer only a sensible range
    el.to.min = state.from;
    el.sort.value = state.sort;
    el.clearFilters.hidden = !hasFilters(state);
  }

  function fillCategories(values, selected) {
    const options = [new Option("All categories", "")];
    for (const { value, count } of values) {
      options.push(new Option(`${value} (${count})`, value));
    }
    if (selected && !values.some((v) => v.value === selected)) {
      options.push(new Option(selected, selected));
    }
    el.category.replaceChildren(...options);
    el.category.value = selected;
  }

  // Language names in the reader's language ("German", "allemand"), else the code.
  const kLanguageNames = (() => {
    try {
      return new Intl.DisplayNames([navigator.language], { type: "language" });
    } catch {
      return null;  // no Intl.DisplayNames, or an odd navigator.language
    }
  })();
  function languageName(code) {
    try {
      return (kLanguageNames && kLanguageNames.of(code)) || code;
    } catch {
      return code;  // not a language tag: a hand-written URL's lang=
    }
  }

  // A box a language, ticked for those chosen. Hidden while the results are all in one
  // language and none is chosen: there is nothing to choose then.
  function fillLanguages(values, selected) {
    const chosen = selected ? selected.split(",") : [];
    const active = document.activeElement;
    const focused = el.language.contains(active) ? active.value : null;
    const items = values.map(({ value, count }) =>
      languageItem(value, `${languageName(value)} (${count})`));
    for (const code of chosen) {
      if (!values.some((v) => v.value === code)) {
        items.push(languageItem(code, languageName(code)));
      }
    }
    el.language.replaceChildren(...items);
    for (const box of el.language.querySelectorAll("input")) {
      box.checked = chosen.includes(box.value);
      if (box.value === focused) {
        box.focus();  // ticking a box redraws the menu; the focus stays on that box
      }
    }
    el.languageChosen.textContent =
      chosen.length > 0 ? chosen.map(languageName).join(", ") : "All languages";
    el.languageFilter.hidden = values.length < 2 && chosen.length === 0;
    if (el.languageFilter.hidden) {
      el.languageMenu.open = false;
    }
  }

  function languageItem(code, text) {
    const box = make("input");
    box.type = "checkbox";
    box.name = "lang";
    box.value = code;
    const item = make("label", "menu-item");
    item.append(box, make("span", "", text));
    return item;
  }

  const chosenLanguages = () =>
    languagesFrom([...el.language.querySelectorAll("input:checked")].map((box) => box.value));

  // The state the search box and the filters ask for, from page 1.
  function stateFromControls() {
    return {
      ...current, q: el.q.value.trim(), page: 1, article: "", category: el.category.value,
      lang: chosenLanguages(), from: el.from.value, to: el.to.value, sort: el.sort.value,
    };
  }

  function cancelTyping() {
    window.clearTimeout(debounceTimer);
    debounceTimer = 0;
  }

  function onTyped() {
    const next = stateFromControls();
    if (next.q === current.q && !current.article) {
      return;  // a space or a deleted space: same words
    }
    navigate(next, typing ? "replace" : "push");
    typing = true;
  }

  function onSubmit(event) {
    event.preventDefault();
    cancelTyping();
    typing = false;
    resultsKey = null;  // Enter searches again even for the same words
    navigate(stateFromControls(), "push");
  }

  function onFilterChange() {
    cancelTyping();
    typing = false;
    navigate(stateFromControls(), "push");
  }

  // ---- Requests ----

  // The JSON answer of `url`; throws an Error whose message is fit to show.
  async function getJson(url, signal) {
    let response;
    try {
      response = await fetch(url, { signal, headers: { Accept: "application/json" } });
    } catch (err) {
      if (err.name === "AbortError") {
        throw err;
      }
      throw new Error("Could not reach the server. Is folio-search still running?");
    }
    let body = null;
    try {
      body = await response.json();
    } catch {
      // Not JSON (a proxy's error page, say): reported by status below.
    }
    if (!response.ok || body === null) {
      throw new Error(body && typeof body.error === "string" ? body.error
        : `HTTP ${response.status}`);
    }
    return body;
  }

  // The visible link and the page's <link rel="alternate"> (which a browser or feed reader
  // finds) follow the search.
  function updateFeed(state) {
    const url = feedUrl(state);
    el.feedLink.href = url;
    el.feed.hidden = !hasSearch(state);
    el.feedAlternate.href = url;
    el.feedAlternate.title = state.q ? `Folio: ${state.q}` : "Folio: newest articles";
  }

  async function runSearch(state) {
    resultsKey = searchParams(state).toString();
    updateFeed(state);
    if (searchAbort) {
      searchAbort.abort();
    }
    useIndexLanguages(state);
    if (!hasSearch(state)) {
      renderIntro();
      return;
    }
    const request = new AbortController();
    searchAbort = request;
    el.resultsView.setAttribute("aria-busy", "true");
    try {
      const data = await getJson(`/api/search?${resultsKey}`, request.signal);
      if (!request.signal.aborted) {
        renderResults(state, data);
        loadMenu("category", state, data);
        loadMenu("lang", state, data);
      }
    } catch (err) {
      if (!request.signal.aborted) {
        resultsKey = null;  // so the same search can be tried again
        renderSearchError(err.message);
      }
    } finally {
      if (searchAbort === request) {
        el.resultsView.removeAttribute("aria-busy");
      }
    }
  }

  // A filter's menu (`name`: category or lang) lists the values of the words and other filters
  // searched. With a value chosen, the answer counts that value alone, so ask once more
  // without it (size 1).
  async function loadMenu(name, state, data) {
    const menu = menus[name];
    const without = { ...state, [name]: "", page: 1, size: 1 };
    const key = searchParams({ ...without, sort: "relevance" }).toString();
    if (!state[name]) {
      Object.assign(menu, { key, values: data.facets ? data.facets[menu.facet] : [] });
    } else if (menu.key !== key && hasSearch(without)) {
      if (menu.abort) {
        menu.abort.abort();
      }
      const request = new AbortController();
      menu.abort = request;
      try {
        const all = await getJson(`/api/search?${key}`, request.signal);
        Object.assign(menu, { key, values: all.facets ? all.facets[menu.facet] : [] });
      } catch {
        return;  // the menu keeps what it has; the results themselves are fine
      }
    }
    fillCategories(menus.category.values, current.category);
    fillLanguages(menus.lang.values, current.lang);
  }

  // With no words and no other filter, the language menu lists the whole index's languages:
  // choosing one then lists its articles.
  function useIndexLanguages(state) {
    if (!hasSearch({ ...state, lang: "" })) {
      Object.assign(menus.lang, { key: null, values: indexLanguages });
      fillLanguages(menus.lang.values, current.lang);
    }
  }

  // ---- Results ----

  function resetResults() {
    for (const box of [el.notice, el.suggestion, el.error, el.empty, el.pager]) {
      box.hidden = true;
    }
    el.hits.replaceChildren();
  }

  function renderIntro() {
    resetResults();
    el.resultsView.removeAttribute("aria-busy");
    el.status.textContent = articleCount === null
      ? "Type a few words to search the articles."
      : `Type a few words to search ${plural(articleCount, "article")}.`;
    updateTitle();
  }

  function renderSearchError(message) {
    resetResults();
    el.status.textContent = "";
    el.error.textContent = `The search failed: ${message}`;
    el.error.hidden = false;
  }

  function renderResults(state, data) {
    resetResults();
    el.status.textContent = data.total === 0
      ? "No results"
      : `About ${plural(data.total, "result")} (${formatMs(data.milliseconds)})`;
    if (data.notice) {
      el.notice.textContent = data.notice;
      el.notice.hidden = false;
    }
    if (data.suggestion) {
      el.suggestionLink.textContent = data.suggestion;
      el.suggestionLink.href = urlFor({ ...state, q: data.suggestion, page: 1, article: "" });
      el.suggestionLink.dataset.q = data.suggestion;
      el.suggestion.hidden = false;
    }
    if (data.results.length === 0) {
      el.emptyTitle.textContent = emptyTitle(state, data);
      el.empty.hidden = false;
    }
    el.hits.start = data.offset + 1;  // numbering goes on across pages
    el.hits.replaceChildren(...data.results.map((hit) => renderHit(hit, state)));
    renderPager(state, data);
    updateTitle();
    const first = el.hits.querySelector("a.hit-link");
    if (focusFirstHit && first) {
      first.focus();
    }
    focusFirstHit = false;
  }

  function emptyTitle(state, data) {
    if (data.total > 0) {
      return `Page ${state.page} is past the last page of results.`;
    }
    const words = state.q ? ` for “${state.q}”` : "";
    return `No results${words}${hasFilters(state) ? " with these filters" : ""}.`;
  }

  // What kind of file a hit came from, by the extension of its path.
  const kSourceTypes = {
    txt: "Text", text: "Text", md: "Markdown", markdown: "Markdown", html: "Web page",
    htm: "Web page", xhtml: "Web page", jsonl: "JSON Lines", ndjson: "JSON Lines", rss: "Feed",
    atom: "Feed", xml: "Feed", eml: "Mail", mbox: "Mailbox",
  };
  function sourceType(filePath) {
    const dot = (filePath || "").lastIndexOf(".");
    return kSourceTypes[dot < 0 ? "" : filePath.slice(dot + 1).toLowerCase()] || "File";
  }

  function renderHit(hit, state) {
    const link = make("a", "hit-link", hit.title || hit.id);
    link.href = urlFor({ ...state, article: hit.id });
    link.dataset.id = hit.id;
    const title = make("h2", "hit-title");
    title.append(link);
    const meta = make("p", "hit-meta");
    meta.append(make("span", "hit-category", hit.category || "uncategorised"),
      ...languageElement(hit.language), make("span", "hit-type", sourceType(hit.path)),
      dateElement(hit.date), make("span", "hit-score", `score ${Number(hit.score).toFixed(2)}`));
    if (/^https?:\/\//i.test(hit.url)) {  // never a javascript: link from an article's data
      const source = make("a", "hit-source", "Source");
      source.href = hit.url;
      source.rel = "noopener noreferrer";
      meta.append(source);
    }
    if (hit.author) {
      meta.append(make("span", "hit-author", hit.author));
    }
    if (hit.duplicates > 0) {
      const copies = plural(hit.duplicates, "copy", "copies");
      meta.append(make("span", "hit-duplicates", `${copies} hidden`));
    }
    const snippet = make("p", "snippet");
    setMarkedHtml(snippet, hit.snippet);
    const item = make("li", "hit");
    item.append(title, meta, snippet);
    return item;
  }

  function renderPager(state, data) {
    const pages = data.pages;
    el.pager.hidden = pages <= 1;
    if (pages <= 1) {
      return;
    }
    const page = Math.min(state.page, pages);  // a URL may ask for a page past the last
    setPageLink(el.prev, state, Math.min(state.page - 1, pages), pages);
    setPageLink(el.next, state, state.page + 1, pages);
    const items = [];
    let last = 0;
    for (let p = 1; p <= pages; ++p) {
      if (p === 1 || p === pages || Math.abs(p - page) <= kPagesAround) {
        if (p > last + 1) {
          items.push(make("li", "page-gap", "…"));
        }
        items.push(pageItem(state, p));
        last = p;
      }
    }
    el.pageList.replaceChildren(...items);
    el.pageOf.textContent = `Page ${state.page} of ${pages}`;
  }

  function pageItem(state, p) {
    const item = make("li");
    if (p === state.page) {
      const here = make("span", "page-current", String(p));
      here.setAttribute("aria-current", "page");
      item.append(here);
    } else {
      const link = make("a", "", String(p));
      setPageLink(link, state, p, p);
      link.setAttribute("aria-label", `Page ${p}`);
      item.append(link);
    }
    return item;
  }

  // A link to page `p`, or a disabled one (no href: skipped by Tab) when there is none.
  function setPageLink(link, state, p, pages) {
    if (p >= 1 && p <= pages) {
      link.href = urlFor({ ...state, page: p });
      link.dataset.page = String(p);
      link.removeAttribute("aria-disabled");
    } else {
      link.removeAttribute("href");
      delete link.dataset.page;
      link.setAttribute("aria-disabled", "true");
    }
  }

  function showResultsView(leftArticle) {
    if (articleAbort) {
      articleAbort.abort();
    }
    articleKey = null;
    const wasHidden = el.resultsView.hidden;
    const active = document.activeElement;
    // Typing a new search from the article keeps the focus in the search box.
    const focusWasInArticle =
      !active || active === document.body || el.articleView.contains(active);
    el.articleView.hidden = true;
    el.resultsView.hidden = false;
    updateTitle();
    if (wasHidden && leftArticle && focusWasInArticle) {
      window.scrollTo(0, resultsScrollY);
      const links = [...el.hits.querySelectorAll("a.hit-link")];
      const link = links.find((a) => a.dataset.id === leftArticle);
      (link || el.resultsHeading).focus({ preventScroll: true });
    }
  }

  // ---- Article ----

  async function openArticle(state) {
    if (el.articleView.hidden) {
      resultsScrollY = window.scrollY;
    }
    el.resultsView.hidden = true;
    el.articleView.hidden = false;
    const key = `${state.article}\n${state.q}`;
    if (key === articleKey) {
      return;
    }
    articleKey = key;
    if (articleAbort) {
      articleAbort.abort();
    }
    const request = new AbortController();
    articleAbort = request;
    el.articleError.hidden = true;
    el.articleTitle.textContent = "Loading…";
    el.articleMeta.replaceChildren();
    el.articleBody.replaceChildren();
    window.scrollTo(0, 0);
    try {
      const query = new URLSearchParams({ q: state.q });
      const url = `/api/article/${encodeURIComponent(state.article)}?${query}`;
      const data = await getJson(url, request.signal);
      if (!request.signal.aborted) {
        renderArticle(data);
      }
    } catch (err) {
      if (!request.signal.aborted) {
        articleKey = null;
        el.articleTitle.textContent = "Article not shown";
        el.articleError.textContent = err.message;
        el.articleError.hidden = false;
      }
    }
    if (!request.signal.aborted) {
      el.articleTitle.focus();
    }
  }

  function renderArticle(data) {
    setMarkedHtml(el.articleTitle, data.title_html || data.id);
    const meta = [make("span", "hit-category", data.category || "uncategorised"),
      ...languageElement(data.language), dateElement(data.date)];
    if (data.author) {
      meta.push(make("span", "article-author", `By ${data.author}`));
    }
    if (/^https?:\/\//i.test(data.url)) {  // never a javascript: link from an article's data
      const source = make("a", "article-source", "Original");
      source.href = data.url;
      source.rel = "noopener noreferrer";
      meta.push(source);
    }
    el.articleMeta.replaceChildren(...meta);
    setMarkedHtml(el.articleBody, data.body_html || "");
    updateTitle(data.title);
  }

  function backToResults() {
    // Back in the history when the results are the entry before, so Forward reopens the article.
    if (window.history.state && window.history.state.fromResults) {
      window.history.back();
    } else {
      navigate({ ...current, article: "" }, "push");
    }
  }

  // ---- Small helpers ----

  function make(tag, className, text) {
    const node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  // The server escapes all text and adds only <mark>; parsing in an inert <template> and
  // keeping text and <mark> alone holds to that even if an answer ever did not.
  function setMarkedHtml(target, html) {
    const template = document.createElement("template");
    template.innerHTML = html;
    const nodes = [...template.content.childNodes].map((node) =>
      node.nodeName === "MARK" ? make("mark", "", node.textContent)
        : document.createTextNode(node.textContent));
    target.replaceChildren(...nodes);
  }

  // An article's language, by name; the style shows it only when the index has several.
  function languageElement(code) {
    if (!code) {
      return [];
    }
    const label = make("span", "hit-language", languageName(code));
    label.dataset.lang = code;
    return [label];
  }

  const kDateFormat = new Intl.DateTimeFormat("en-GB",
    { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

  function dateElement(date) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date || "");
    const shown = m ? kDateFormat.format(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
      : date || "undated";
    const time = make("time", "hit-date", shown);
    if (date) {
      time.dateTime = date;
    }
    return time;
  }

  const plural = (n, one, many = `${one}s`) => `${n.toLocaleString("en")} ${n === 1 ? one : many}`;
  const formatMs = (ms) => `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;

  function updateTitle(articleTitle) {
    const subject = current.article ? articleTitle || el.articleTitle.textContent : current.q;
    document.title = subject ? `${subject} – Folio` : "Folio search";
  }

  const isField = (target) =>
    target instanceof Element &&
    Boolean(target.closest("input, textarea, select, [contenteditable]"));

  function onKeydown(event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    if (event.key === "Escape" && el.languageMenu.open) {
      event.preventDefault();
      el.languageMenu.open = false;
      el.languageButton.focus();
    } else if (event.key === "/" && !isField(event.target)) {
      event.preventDefault();
      el.q.focus();
      el.q.select();
    } else if (event.key === "Escape" && current.article) {
      event.preventDefault();  // in the search box, this also keeps its words
      backToResults();
    } else if (event.key === " " && event.target instanceof HTMLAnchorElement &&
               event.target.hasAttribute("href")) {
      event.preventDefault();  // Space follows our links as it presses buttons
      event.target.click();
    }
  }

  // Left clicks on the page's own links stay in the page; others (new tab) go to the browser.
  function inPageClick(event, selector) {
    const link = event.target instanceof Element ? event.target.closest(selector) : null;
    const modified = event.ctrlKey || event.metaKey || event.shiftKey || event.altKey;
    if (!link || event.button !== 0 || modified) {
      return null;
    }
    event.preventDefault();
    cancelTyping();
    typing = false;
    return link;
  }

  function wireEvents() {
    el.q.addEventListener("input", () => {
      window.clearTimeout(debounceTimer);
      debounceTimer = window.setTimeout(() => {
        debounceTimer = 0;
        onTyped();
      }, kDebounceMs);
    });
    el.form.addEventListener("submit", onSubmit);
    for (const control of [el.category, el.language, el.from, el.to, el.sort]) {
      control.addEventListener("change", onFilterChange);
    }
    // The language menu closes as a menu does: a click or the focus elsewhere, or Escape.
    const closeLanguages = (event) => {
      if (el.languageMenu.open && !el.languageMenu.contains(event.target)) {
        el.languageMenu.open = false;
      }
    };
    document.addEventListener("click", closeLanguages);
    document.addEventListener("focusin", closeLanguages);
    el.clearFilters.addEventListener("click", () => {
      el.category.value = "";
      for (const box of el.language.querySelectorAll("input")) {
        box.checked = false;
      }
      el.from.value = "";
      el.to.value = "";
      onFilterChange();
      el.q.focus();
    });
    el.hits.addEventListener("click", (event) => {
      const link = inPageClick(event, "a.hit-link");
      if (link) {
        navigate({ ...current, article: link.dataset.id }, "push", { fromResults: true });
      }
    });
    el.pager.addEventListener("click", (event) => {
      const link = inPageClick(event, "a[data-page]");
      if (link) {
        focusFirstHit = true;
        navigate({ ...current, page: Number(link.dataset.page) }, "push");
        window.scrollTo(0, 0);
      }
    });
    el.suggestionLink.addEventListener("click", (event) => {
      if (inPageClick(event, "a")) {
        navigate({ ...current, q: el.suggestionLink.dataset.q, page: 1, article: "" }, "push");
      }
    });
    el.back.addEventListener("click", backToResults);
    document.addEventListener("keydown", onKeydown);
    window.addEventListener("popstate", () => {
      cancelTyping();
      typing = false;
      show(stateFromUrl());
    });
  }

  async function loadIndexInfo() {
    try {
      const health = await getJson("/healthz");
      articleCount = health.articles;
      indexLanguages = health.languages || [];
    } catch {
      return;  // the hint then says "the articles"; the language menu shows the results'
    }
    document.body.classList.toggle("multilingual", indexLanguages.length > 1);
    useIndexLanguages(current);
    if (!hasSearch(current)) {
      renderIntro();
    }
  }

  wireEvents();
  const initial = stateFromUrl();
  // Tidies the URL (a widened date, a dropped default) and keeps the entry's state over a reload.
  window.history.replaceState(window.history.state, "", urlFor(initial));
  show(initial);
  loadIndexInfo();
})();

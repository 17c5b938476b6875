// Browser test of the page `folio-search serve` serves: drives Debian's Chromium headless with
// playwright-core through typing a search, an article, paging, filters, "did you mean", URLs,
// XSS payloads, the language filter and a phone-width screen. Registered with CTest as
// browser_page.
//
// node tests/browser/page.test.mjs --index-exe PATH --search-exe PATH --source-dir REPO
//     --out DIR [--screenshot-readme PATH]
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const kChromium = "/usr/bin/chromium";
const kWaitMs = 10_000;  // any one wait
const kDeadlineMs = 120_000;  // the whole run, which takes about 15 s
const kHuaweiId = "technology/uk-huawei-5g-decision.txt";
const kPayloadId = "security/xss-payload.txt";  // in tests/browser/fixtures/
const kPayloadWord = "zanzibarpayload";  // only in that article
const kBigQuery = "said";  // in 24 of the 25 articles: three pages of ten
// Folders of tests/fixtures/languages/ indexed too, three articles each; the rest is English.
const kLanguages = ["de", "fr"];

// ---- Setup: flags, index, server, browser ----

function parseArgs(argv) {
  const names = ["index-exe", "search-exe", "source-dir", "out", "screenshot-readme"];
  const args = {};
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i].replace(/^--/, "");
    if (!names.includes(name) || i + 1 >= argv.length) {
      throw new Error(`bad argument '${argv[i]}'; usage: page.test.mjs --index-exe PATH ` +
        "--search-exe PATH --source-dir REPO --out DIR [--screenshot-readme PATH]");
    }
    args[name] = argv[i + 1];
  }
  for (const name of names.slice(0, 4)) {
    if (!args[name]) {
      throw new Error(`--${name} is required`);
    }
  }
  return args;
}

// playwright-core and Chromium come from scripts/setup; without them the test fails, it never
// skips, so a machine that cannot run it says so.
async function loadChromium() {
  let playwright;
  try {
    playwright = await import("playwright-core");
  } catch (err) {
    throw new Error(`cannot load playwright-core (${err.message}); run scripts/setup, which ` +
      "runs npm ci in tests/browser");
  }
  if (!fs.existsSync(kChromium)) {
    throw new Error(`${kChromium} is missing; run scripts/setup, which installs Debian's chromium`);
  }
  return playwright.chromium;
}

function buildIndex(args, db) {
  const folders = [path.join(args["source-dir"], "corpus"),
    path.join(args["source-dir"], "tests", "browser", "fixtures"),
    ...kLanguages.map((code) => path.join(args["source-dir"], "tests", "fixtures", "languages",
      code))];
  execFileSync(args["index-exe"], ["--db", db, ...folders, "--quiet"],
    { stdio: ["ignore", "ignore", "pipe"], timeout: 60_000 });
}

// Starts the server on a free port; resolves to its URL from its first line of output.
function startServer(exe, db) {
  const server = spawn(exe, ["serve", "--db", db, "--port", "0", "--threads", "4"],
    { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  server.stderr.on("data", (chunk) => { stderr += chunk; });
  const url = new Promise((resolve, reject) => {
    let stdout = "";
    const timer = setTimeout(() => reject(new Error(`the server printed no URL in ${kWaitMs} ms`)),
      kWaitMs);
    server.stdout.on("data", (chunk) => {
      stdout += chunk;
      const m = /^folio-search: serving \d+ articles from .* at (http:\/\/\S+\/)$/m.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    server.on("close", (code) => {  // after its output is read, unlike "exit"
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}) before serving: ${stderr.trim()}`));
    });
  });
  return { server, url };
}

async function stopServer(server) {
  if (server.exitCode !== null || server.signalCode !== null) {
    return;
  }
  const exited = new Promise((resolve) => server.once("exit", resolve));
  server.kill("SIGTERM");
  const timer = setTimeout(() => server.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}

// Page errors, console errors and dialogs, each failing the test at the end. A step that
// provokes an HTTP error sets `allowed` for the console line Chromium logs about it.
function watchPage(page, problems, allowed) {
  page.setDefaultTimeout(kWaitMs);
  page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
  page.on("console", (msg) => {
    if (msg.type() === "error" && !(allowed.pattern && allowed.pattern.test(msg.text()))) {
      problems.push(`console error: ${msg.text()}`);
    }
  });
  page.on("dialog", (dialog) => {
    problems.push(`a ${dialog.type()} dialog opened: ${dialog.message()}`);
    dialog.dismiss().catch(() => {});
  });
}

// ---- Reading the page ----

// Waits until the URL holds `params` and their results (or an empty or error state) are shown.
// An array is a repeated parameter's values (lang=de&lang=fr).
async function waitForSearch(page, params) {
  try {
    await page.waitForFunction((expected) => {
      const url = new URLSearchParams(window.location.search);
      const holds = ([k, v]) => (Array.isArray(v) ? url.getAll(k).join() === v.join()
        : (url.get(k) ?? "") === v);
      if (!Object.entries(expected).every(holds)) {
        return false;
      }
      const view = document.getElementById("results-view");
      const shown = (id) => !document.getElementById(id).hidden;
      return !view.hidden && !view.hasAttribute("aria-busy") &&
        (document.querySelector("#hits .hit") !== null || shown("empty") || shown("error"));
    }, params, { timeout: kWaitMs });
  } catch {
    throw new Error(`the results for ${JSON.stringify(params)} did not appear within ` +
      `${kWaitMs} ms (URL ${page.url()}, status "${await page.textContent("#status")}")`);
  }
}

async function waitForArticle(page, id) {
  try {
    await page.waitForFunction((wanted) =>
      new URLSearchParams(window.location.search).get("article") === wanted &&
      !document.getElementById("article-view").hidden &&
      document.getElementById("article-body").textContent.length > 0, id, { timeout: kWaitMs });
  } catch {
    throw new Error(`the article ${id} was not shown within ${kWaitMs} ms (URL ${page.url()}, ` +
      `title "${await page.textContent("#article-title")}")`);
  }
}

function readHits(page) {
  return page.$$eval("#hits .hit", (items) => items.map((li) => ({
    id: li.querySelector(".hit-link").dataset.id,
    title: li.querySelector(".hit-link").textContent,
    category: li.querySelector(".hit-category").textContent,
    language: li.querySelector(".hit-language")?.dataset.lang ?? "",
    languageName: li.querySelector(".hit-language")?.innerText ?? "",  // "" while hidden
    date: li.querySelector("time")?.getAttribute("datetime") ?? "",
    marks: [...li.querySelectorAll(".snippet mark")].map((m) => m.textContent),
  })));
}

const count = (page, selector) => page.locator(selector).count();
const squash = (text) => text.replace(/\s+/g, " ").trim();

// Types into the search box as a person does: select what is there, type over it, no Enter.
async function typeQuery(page, text) {
  await page.focus("#q");
  await page.keyboard.press("Control+A");
  await page.keyboard.type(text, { delay: 20 });
}

// Markup the payload article must never turn into elements, anywhere in the page.
async function injectedElements(page) {
  return page.$$eval("main img, main script, main svg, main b, main a[href^='javascript'], " +
    "main [onerror], main [onload], main [onmouseover]", (found) => found.map((e) => e.outerHTML));
}

// ---- The scenario ----

async function searchAsYouType(page, base, out) {
  await page.goto(base);
  assert.equal(await page.title(), "Folio search", "the page's title");
  // A pause mid-way shows results for the first word; the rest of the words then replace them.
  await typeQuery(page, "Huawei");
  await waitForSearch(page, { q: "Huawei" });
  assert.ok((await readHits(page)).length > 0, "typing 'Huawei' shows hits without Enter");
  await page.keyboard.type(" 5G security", { delay: 20 });
  await waitForSearch(page, { q: "Huawei 5G security" });
  const hits = await readHits(page);
  assert.ok(hits.length > 0, "typing 'Huawei 5G security' shows hits");
  assert.equal(hits[0].id, kHuaweiId,
    `the first hit is the Huawei 5G article (got ${hits[0].title})`);
  assert.match(hits[0].title, /Huawei.*5G/, "the first hit's title");
  assert.ok(hits[0].marks.some((m) => /huawei|5g|security/i.test(m)),
    `the first snippet has a <mark> on a query word (marks: ${JSON.stringify(hits[0].marks)})`);
  assert.match(await page.textContent("#status"), /^About \d+ results? \([\d.]+ ms\)$/,
    "the total and time line");
  assert.ok(page.url().includes("q=Huawei"), `the URL keeps the query (${page.url()})`);
  await page.locator("#q").blur();  // no caret or focus ring in the screenshot
  await page.mouse.move(0, 0);
  await page.screenshot({ path: path.join(out, "results.png") });
}

async function articleAndBack(page, source, out) {
  const first = page.locator("#hits .hit-link").first();
  await first.focus();
  await page.keyboard.press("Enter");
  await waitForArticle(page, kHuaweiId);
  assert.match(await page.textContent("#article-title"), /Huawei can stay in UK 5G network/,
    "the article view's title");
  const body = squash(await page.textContent("#article-body"));
  const text = fs.readFileSync(path.join(source, "corpus", kHuaweiId), "utf8");
  const lastParagraph = squash(text.trim().split(/\n\s*\n/).pop());
  assert.ok(body.includes(lastParagraph), "the article view shows the whole body, to the end");
  assert.ok(await count(page, "#article-body mark") > 0, "the body has <mark>ed query words");
  assert.ok(await count(page, "#article-title mark") > 0, "the title has <mark>ed query words");
  await page.screenshot({ path: path.join(out, "article.png") });

  await page.keyboard.press("Escape");
  await waitForSearch(page, { q: "Huawei 5G security", article: "" });
  assert.equal((await readHits(page))[0].id, kHuaweiId, "Escape goes back to the same results");
  assert.equal(await page.evaluate(() => document.activeElement?.dataset?.id), kHuaweiId,
    "the focus goes back to the link of the article that was open");

  await page.locator("#hits .hit-link").nth(1).click();
  await page.waitForFunction(() => !document.getElementById("article-view").hidden);
  await page.click("#back");
  await waitForSearch(page, { q: "Huawei 5G security", article: "" });
  assert.equal((await readHits(page))[0].id, kHuaweiId,
    "'Back to results' goes back to the results");
}

async function paging(page) {
  await page.fill("#q", kBigQuery);
  await page.press("#q", "Enter");
  await waitForSearch(page, { q: kBigQuery });
  const one = await readHits(page);
  assert.equal(one.length, 10, `page 1 of '${kBigQuery}' has 10 hits`);
  assert.match(await page.textContent("#page-of"), /^Page 1 of [2-9]/,
    "the pager says page 1 of N");
  await page.focus("#next");
  await page.keyboard.press("Enter");
  await waitForSearch(page, { q: kBigQuery, page: "2" });
  const two = await readHits(page);
  assert.ok(two.length > 0, "page 2 has hits");
  assert.ok(two.every((h) => !one.some((o) => o.id === h.id)),
    "page 2 shows other hits than page 1");
  assert.ok(page.url().includes("page=2"), `the URL says page=2 (${page.url()})`);
  assert.match(await page.textContent("#page-of"), /^Page 2 of /, "the pager says page 2");

  await page.goBack();
  await waitForSearch(page, { q: kBigQuery, page: "" });
  assert.deepEqual((await readHits(page)).map((h) => h.id), one.map((h) => h.id),
    "the browser's Back shows page 1 again");
  await page.goForward();
  await waitForSearch(page, { q: kBigQuery, page: "2" });
  assert.deepEqual((await readHits(page)).map((h) => h.id), two.map((h) => h.id),
    "the browser's Forward shows page 2 again");
}

async function filters(page) {
  await page.selectOption("#category", "sport");
  await waitForSearch(page, { q: kBigQuery, category: "sport", page: "" });
  const sport = await readHits(page);
  assert.ok(sport.length > 0, "the sport category has hits");
  assert.ok(sport.every((h) => h.category === "sport"),
    `every hit is in sport (got ${sport.map((h) => h.category)})`);
  await page.waitForFunction(() => document.querySelectorAll("#category option").length > 3);

  await page.selectOption("#category", "");
  await page.fill("#from", "2020-01-01");
  await page.fill("#to", "2021-12-31");
  await waitForSearch(page, { q: kBigQuery, category: "", from: "2020-01-01", to: "2021-12-31" });
  const dated = await readHits(page);
  assert.ok(dated.length > 0, "the date range has hits");
  assert.ok(dated.every((h) => h.date >= "2020-01-01" && h.date <= "2021-12-31"),
    `every hit is dated in 2020-2021 (got ${dated.map((h) => h.date)})`);

  await page.selectOption("#sort", "newest");
  await waitForSearch(page, { q: kBigQuery, sort: "newest", from: "2020-01-01" });
  const newest = (await readHits(page)).map((h) => h.date);
  assert.ok(newest.every((d, i) => i === 0 || newest[i - 1] >= d),
    `sorted newest first (got ${newest})`);

  await page.click("#clear-filters");
  await page.selectOption("#sort", "relevance");
  await waitForSearch(page, { q: kBigQuery, sort: "", from: "", to: "", category: "" });
}

// The page offers Folio as a search engine (OpenSearch), and the current search as a feed.
async function feeds(page, base) {
  assert.equal(await page.getAttribute("link[rel='search']", "href"), "/opensearch.xml",
    "a <link rel=search> to the OpenSearch description");
  assert.equal(await page.getAttribute("link[rel='search']", "type"),
    "application/opensearchdescription+xml", "the <link rel=search>'s type");
  const feedLinks = async () => ({
    visible: await page.isVisible("#feed-link"),
    link: await page.getAttribute("#feed-link", "href"),
    head: await page.getAttribute("link[rel='alternate'][type='application/atom+xml']", "href"),
  });
  const feed = `/feed?q=${kBigQuery}`;
  assert.deepEqual(await feedLinks(), { visible: true, link: feed, head: feed },
    "the Feed link and <link rel=alternate> are the search's feed");
  await page.selectOption("#category", "sport");
  await waitForSearch(page, { q: kBigQuery, category: "sport" });
  const sport = `/feed?q=${kBigQuery}&category=sport`;
  assert.deepEqual(await feedLinks(), { visible: true, link: sport, head: sport },
    "the feed links follow the category filter");
  const answer = await page.request.get(base + sport.slice(1));
  assert.equal(answer.status(), 200, "the feed link answers");
  assert.equal(answer.headers()["content-type"], "application/atom+xml; charset=utf-8");
  await page.selectOption("#category", "");
  await waitForSearch(page, { q: kBigQuery, category: "" });
}

async function messages(page, allowed) {
  await typeQuery(page, "huawai");
  await waitForSearch(page, { q: "huawai" });
  assert.ok(await page.isVisible("#suggestion"), "'Did you mean' is shown for 'huawai'");
  assert.equal(await page.textContent("#suggestion-link"), "huawei", "the suggestion is 'huawei'");
  await page.click("#suggestion-link");
  await waitForSearch(page, { q: "huawei" });
  assert.ok((await readHits(page)).length > 0, "clicking the suggestion searches 'huawei'");
  assert.equal(await page.inputValue("#q"), "huawei", "the search box shows the suggestion");

  await typeQuery(page, "qwxyzzyplugh");
  await waitForSearch(page, { q: "qwxyzzyplugh" });
  assert.ok(await page.isVisible("#empty"), "a query with no hits shows the 'No results' state");
  assert.equal(await page.textContent("#status"), "No results", "the status says No results");

  await typeQuery(page, '"huawei');
  await waitForSearch(page, { q: '"huawei' });
  assert.ok(await page.isVisible("#notice"), "a malformed query shows the server's notice");

  allowed.pattern = /status of 400/;
  await page.goto(`${page.url().split("?")[0]}?q=huawei&from=2020-13-01`);
  await waitForSearch(page, { q: "huawei" });
  assert.match(await page.textContent("#error"), /bad date/, "an API error is shown as a message");
  allowed.pattern = null;
}

async function bookmarks(context, base, problems, allowed) {
  const fresh = await context.newPage();
  watchPage(fresh, problems, allowed);
  try {
    await fresh.goto(`${base}?q=huawei`);
    await waitForSearch(fresh, { q: "huawei" });
    assert.ok((await readHits(fresh)).length > 0, "opening /?q=huawei runs the search");
    assert.equal(await fresh.inputValue("#q"), "huawei", "the search box shows the URL's query");
    await fresh.goto(`${base}?q=huawei&article=${encodeURIComponent(kHuaweiId)}`);
    await waitForArticle(fresh, kHuaweiId);
    assert.ok(await count(fresh, "#article-body mark") > 0,
      "an article URL opens the article, highlighted");
    await fresh.keyboard.press("Escape");
    await waitForSearch(fresh, { q: "huawei", article: "" });
    await fresh.keyboard.press("/");
    assert.equal(await fresh.evaluate(() => document.activeElement.id), "q",
      "'/' focuses the search box");
  } finally {
    await fresh.close();
  }
}

async function xss(page) {
  await typeQuery(page, kPayloadWord);
  await waitForSearch(page, { q: kPayloadWord });
  const [hit] = await readHits(page);
  assert.equal(hit?.id, kPayloadId, `'${kPayloadWord}' finds the payload article first`);
  assert.ok(hit.title.includes("<script>") && hit.title.includes("onerror="),
    `the hit's title shows its markup as text (got ${hit.title})`);
  assert.deepEqual(await injectedElements(page), [], "no element was injected into the results");
  await page.locator("#hits .hit-link").first().click();
  await waitForArticle(page, hit.id);
  const title = await page.textContent("#article-title");
  assert.ok(title.includes("<script>") && title.includes("onerror="),
    `the article's title shows its markup as text (got ${title})`);
  const body = await page.textContent("#article-body");
  assert.ok(body.includes("<mark>forged</mark>"), "the body's own <mark> stays text");
  assert.ok(body.includes("&lt;b&gt;"), "the body's entity stays as typed");
  const marked = await page.$$eval("#article-body mark", (ms) => ms.map((m) => m.textContent));
  assert.deepEqual(marked, [kPayloadWord, kPayloadWord], "only the query's word is marked");
  assert.deepEqual(await injectedElements(page), [], "no element was injected into the article");
  assert.equal(await page.evaluate(() => typeof window.__folioPwned), "undefined",
    "no payload ran");
}

// Each hit says what kind of file it came from, and links to its source when it has an http(s)
// one (a feed item's link); any other link stays text.
async function sources(page, base) {
  await page.goto(`${base}?q=wombat`);
  await waitForSearch(page, { q: "wombat" });
  const hits = await page.$$eval("#hits .hit", (items) => items.map((li) => ({
    id: li.querySelector(".hit-link").dataset.id,
    type: li.querySelector(".hit-type").textContent,
    source: li.querySelector("a.hit-source")?.getAttribute("href") ?? null,
  })));
  const byId = Object.fromEntries(hits.map((h) => [h.id, h]));
  assert.deepEqual(Object.keys(byId).sort(), ["security/wire.rss#w1", "security/wire.rss#w2"],
    `the feed's two items (got ${JSON.stringify(hits)})`);
  assert.equal(byId["security/wire.rss#w1"].type, "Feed", "a feed item says so");
  assert.equal(byId["security/wire.rss#w1"].source, "https://example.com/wombat-census",
    "an item with a link links to it");
  assert.equal(byId["security/wire.rss#w2"].source, null, "a javascript: link is no link");
  await typeQuery(page, "Huawei");
  await waitForSearch(page, { q: "Huawei" });
  const types = await page.$$eval("#hits .hit-type", (els) => els.map((e) => e.textContent));
  assert.ok(types.length > 0 && types.every((t) => ["Text", "Markdown", "Web page"].includes(t)),
    `the corpus's files say their kinds (got ${types})`);
}

async function phone(page, base, out) {
  await page.setViewportSize({ width: 375, height: 740 });
  await page.goto(`${base}?q=${encodeURIComponent("Huawei 5G security")}`);
  await waitForSearch(page, { q: "Huawei 5G security" });
  const width = () => page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(await width() <= 375, `no sideways scroll at 375 px on results (${await width()} px)`);
  await page.screenshot({ path: path.join(out, "phone.png") });
  // The payload article: long unbroken strings such as window.__folioPwned=1</script>.
  await page.goto(`${base}?q=${kPayloadWord}&article=${encodeURIComponent(kPayloadId)}`);
  await waitForArticle(page, kPayloadId);
  assert.ok(await width() <= 375, `no sideways scroll at 375 px on an article (${await width()})`);
}

// The language filter: the index's languages before any search, a language's articles when
// one is ticked with no words, several at once, kept over a reload, cleared with the others.
async function languages(page, base) {
  const { articles } = await (await fetch(`${base}healthz`)).json();
  const english = articles - 3 * kLanguages.length;
  const menu = () => page.$$eval("#language input", (boxes) => boxes.map((box) =>
    `${box.checked ? "[x]" : "[ ]"} ${box.closest("label").textContent}`));
  await page.goto(base);
  await page.waitForFunction(() => !document.getElementById("language-filter").hidden &&
    document.querySelectorAll("#language input").length > 0);
  assert.deepEqual(await menu(), [`[ ] English (${english})`, "[ ] German (3)", "[ ] French (3)"],
    "before a search, the menu lists the index's languages, most articles first");
  assert.equal(await page.textContent("#language-chosen"), "All languages");

  await page.click("#language-button");
  await page.check("#language input[value='de']");
  await waitForSearch(page, { q: "", lang: ["de"] });
  const german = await readHits(page);
  assert.equal(german.length, 3, `ticking German lists its 3 articles (got ${german.length})`);
  assert.ok(german.every((h) => h.language === "de" && h.languageName === "German"),
    `every hit says it is in German (got ${JSON.stringify(german.map((h) => h.languageName))})`);
  assert.ok(page.url().endsWith("/?lang=de"), `the URL keeps the language (${page.url()})`);
  assert.equal(await page.textContent("#language-chosen"), "German");
  assert.deepEqual(await menu(), [`[ ] English (${english})`, "[x] German (3)", "[ ] French (3)"],
    "the menu still counts every language");

  await page.check("#language input[value='fr']");  // the menu stays open for another
  await waitForSearch(page, { q: "", lang: ["de", "fr"] });
  const both = await readHits(page);
  assert.equal(both.length, 6, "German and French: their 6 articles");
  assert.deepEqual([...new Set(both.map((h) => h.language))].sort(), ["de", "fr"],
    "the hits are in German and French");
  await page.reload();
  await waitForSearch(page, { q: "", lang: ["de", "fr"] });
  assert.deepEqual((await readHits(page)).map((h) => h.id), both.map((h) => h.id),
    "a reload keeps both languages");
  await page.waitForFunction(() => document.querySelectorAll("#language input").length === 3);
  assert.deepEqual(await menu(), [`[ ] English (${english})`, "[x] German (3)", "[x] French (3)"],
    "after a reload the menu ticks both");
  assert.equal(await page.textContent("#language-chosen"), "German, French");

  await typeQuery(page, kBigQuery);  // English words with the filter: nothing in German or French
  await waitForSearch(page, { q: kBigQuery, lang: ["de", "fr"] });
  assert.ok(await page.isVisible("#empty"), `no German or French article says '${kBigQuery}'`);
  await page.click("#clear-filters");
  await waitForSearch(page, { q: kBigQuery, lang: [] });
  const english10 = await readHits(page);
  assert.equal(english10.length, 10, "clearing the filters shows every language's hits again");
  assert.ok(english10.every((h) => h.languageName === "English"),
    "in an index of several languages each hit shows its language");
  assert.ok(await page.isHidden("#language-filter"),
    "the menu is hidden when the results are all in one language and none is chosen");
}

// ---- Main ----

async function step(name, fn) {
  const start = Date.now();
  try {
    await fn();
  } catch (err) {
    err.message = `${name}: ${err.message}`;
    throw err;
  }
  console.log(`ok ${name} (${Date.now() - start} ms)`);
}

async function scenario(browser, base, args, problems, allowed) {
  // en-US: the language names the page asks Intl.DisplayNames for are English.
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 },
    locale: "en-US" });
  const page = await context.newPage();
  watchPage(page, problems, allowed);
  await step("search as you type", () => searchAsYouType(page, base, args.out));
  if (args["screenshot-readme"]) {
    fs.copyFileSync(path.join(args.out, "results.png"), args["screenshot-readme"]);
  }
  await step("open an article by keyboard and go back",
    () => articleAndBack(page, args["source-dir"], args.out));
  await step("paging, with the browser's Back and Forward", () => paging(page));
  await step("category, date range and sort filters", () => filters(page));
  await step("search engine and feed links", () => feeds(page, base));
  await step("did you mean, no results, notice and error", () => messages(page, allowed));
  await step("bookmarked URLs and the / key", () => bookmarks(context, base, problems, allowed));
  await step("XSS payloads stay text", () => xss(page));
  await step("source types and links", () => sources(page, base));
  await step("language filter", () => languages(page, base));
  await step("phone width", () => phone(page, base, args.out));
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const chromium = await loadChromium();
  fs.mkdirSync(args.out, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "folio-browser-"));
  let server = null;
  let browser = null;
  const problems = [];
  const allowed = { pattern: null };
  let timer = null;
  try {
    const db = path.join(tmp, "db");
    await step("index corpus/, tests/browser/fixtures/ and some languages",
      () => buildIndex(args, db));
    const started = startServer(args["search-exe"], db);
    server = started.server;
    const base = await started.url;
    browser = await chromium.launch({
      executablePath: kChromium, headless: true, timeout: kWaitMs,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    const deadline = new Promise((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`the run took over ${kDeadlineMs} ms`)),
        kDeadlineMs);
    });
    await Promise.race([scenario(browser, base, args, problems, allowed), deadline]);
    assert.equal(problems.length, 0, "the page logged errors or opened dialogs");
  } catch (err) {
    if (problems.length > 0) {
      err.message += `\nThe page also reported:\n  ${problems.join("\n  ")}`;
    }
    throw err;
  } finally {
    clearTimeout(timer);
    await browser?.close();
    if (server) {
      await stopServer(server);
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

const started = Date.now();
main().then(() => {
  console.log(`browser_page: all passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}, (err) => {
  console.error(`browser_page: FAILED: ${err.message}`);
  process.exitCode = 1;
});

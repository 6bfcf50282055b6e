/* Search page /meklet/ (theme/templates/search.html): Pagefind UI in Latvian.
 *
 * Loaded only on the search page, after /pagefind/pagefind-ui.js; no inline script, so the
 * site's Content-Security-Policy can forbid them. It hides the "needs JavaScript" notice,
 * starts Pagefind UI with the Latvian strings the template passes in data-translations,
 * and searches for ?q= from the header search box.
 *
 * Pagefind has no Latvian stemmer, but it folds diacritics and matches each query word as
 * the beginning of indexed words. So every query word loses its Latvian ending here
 * ("pašvaldības" -> "pašvaldīb"), and Pagefind finds pašvaldība, pašvaldību, pašvaldībām...
 * Words in "quotes" are searched as typed.
 *
 * The index comes in shards (portalbuild/steps/search.py): the main bundle and one per
 * half-year of news (the newest month apart), listed by <bundle>/shards.js
 * (window.LPRSearchShards, loaded before this script); Pagefind merges them (mergeIndex).
 */
(function () {
  "use strict";

  // Inflection endings of Latvian nouns and adjectives, without diacritics (ā -> a, ī -> i),
  // longest first: definite adjectives (-ajiem, -ajam), plural and case endings, -s/-š, vowels.
  var ENDINGS = [
    "ajiem", "ajam", "ajai", "ajas", "ajos",
    "iem", "ais", "aja",
    "am", "ai", "as", "os", "us", "es", "is", "im", "em", "ij", "ie",
    "a", "e", "i", "u", "s"
  ];
  var SHORTEST_STEM = 3;  // "gads" -> "gad", but "kas" and "ES" stay whole

  function fold(word) {
    return word.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").normalize("NFC");
  }

  // The beginning shared by the forms of a Latvian word, keeping its diacritics so that
  // Pagefind still ranks exact spellings first. Every Latvian letter folds to one letter,
  // so the ending found in the folded word has the same length in the word itself.
  function stem(word) {
    var lower = word.toLowerCase().normalize("NFC");
    var folded = fold(lower);
    if (folded.length !== lower.length) {
      return lower;
    }
    for (var i = 0; i < ENDINGS.length; i++) {
      var ending = ENDINGS[i];
      if (folded.length - ending.length >= SHORTEST_STEM && folded.slice(-ending.length) === ending) {
        return lower.slice(0, -ending.length);
      }
    }
    return lower;
  }

  function stemWords(text) {
    return text.replace(/\p{L}+/gu, stem);
  }

  // Pagefind UI's processTerm: stem every word outside "quoted phrases".
  function processTerm(term) {
    return term.split(/("[^"]*")/).map(function (part) {
      return part.charAt(0) === "\"" ? part : stemWords(part);
    }).join("");
  }

  function show(element, visible) {
    if (element) {
      element.hidden = !visible;
    }
  }

  function start() {
    var root = document.getElementById("lpr-search");
    if (!root) {
      return;
    }
    show(root.querySelector("[data-lpr-search-fallback]"), false);
    if (typeof window.PagefindUI !== "function") {
      show(root.querySelector("[data-lpr-search-error]"), true);
      return;
    }
    var bundlePath = root.getAttribute("data-bundle-path");
    var baseUrl = new URL(root.getAttribute("data-base-url"), window.location.href).pathname;
    var shards = (window.LPRSearchShards || []).map(function (shard) {
      return { bundlePath: bundlePath + shard, baseUrl: baseUrl };
    });
    show(document.getElementById("lpr-search-ui"), true);
    show(root.querySelector("[data-lpr-search-hint]"), true);
    var query = new URLSearchParams(window.location.search).get("q") || "";
    var ui = new window.PagefindUI({
      element: "#lpr-search-ui",
      bundlePath: bundlePath,
      baseUrl: baseUrl,
      mergeIndex: shards,
      translations: JSON.parse(root.getAttribute("data-translations")),
      processTerm: processTerm,
      showImages: false,
      showSubResults: false,
      excerptLength: 30,
      autofocus: !query
    });
    if (query.trim()) {
      var headerBox = document.getElementById("lpr-search-form-q");
      if (headerBox) {
        headerBox.value = query;
      }
      ui.triggerSearch(query);
    }
  }

  window.LPRSearch = { stem: stem, processTerm: processTerm };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

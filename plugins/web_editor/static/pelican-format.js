/* The web editor's file format: Pelican's Markdown metadata ("Key: value" lines, an
   empty line, then the text), read and written so that a post saved unchanged keeps
   every byte. Decap CMS reads only YAML, TOML or JSON front matter, which Pelican's
   Markdown reader does not understand, so the editor registers this format.

   Keys are read case-insensitively (as Pelican does) and written as 'Title',
   'Image_alt', in the portal's order; 'Tags' and 'Projects' are lists written with
   ', '; a value written on indented continuation lines is read as one line. Loaded
   by admin/index.html after decap-cms.js; tests load it in Node (module.exports). */
(function (root) {
  "use strict";

  var META_LINE = /^[ ]{0,3}([A-Za-z0-9_-]+):\s*(.*)$/;
  var CONTINUATION = /^[ ]{4,}(.*)$/;
  var LISTS = ["tags", "projects"];
  // The order the portal's posts are written in; other keys follow in alphabetical order.
  var ORDER = ["title", "date", "modified", "category", "tags", "slug", "summary", "projects",
               "image", "image_alt", "image_caption", "author", "authors", "status", "lang",
               "translation", "template", "save_as", "url", "guid", "feed_id"];

  function parse(text) {
    var data = {};
    var lines = String(text).replace(/^\ufeff/, "").split("\n");
    var index = 0;
    var key = null;
    for (; index < lines.length; index++) {
      var line = lines[index].replace(/\r$/, "");
      if (!line.trim()) { index++; break; }
      var meta = META_LINE.exec(line);
      var more = CONTINUATION.exec(line);
      if (meta && !(key && more)) {
        key = meta[1].toLowerCase();
        data[key] = meta[2].trim();
      } else if (key && more) {
        data[key] = (data[key] + " " + more[1].trim()).trim();
      } else {
        // Not front matter: the whole file is text.
        return { body: String(text) };
      }
    }
    LISTS.forEach(function (name) {
      if (typeof data[name] === "string") {
        data[name] = data[name].split(",").map(function (item) { return item.trim(); })
          .filter(function (item) { return item; });
      }
    });
    data.body = lines.slice(index).join("\n");
    return data;
  }

  function written(value) {
    if (value === null || value === undefined) { return ""; }
    if (Array.isArray(value)) {
      return value.map(function (item) { return String(item).trim(); })
        .filter(function (item) { return item; }).join(", ");
    }
    // One line: a line break inside a value would end the front matter.
    return String(value).split(/\s*\n\s*/).join(" ").trim();
  }

  function stringify(data) {
    var keys = Object.keys(data).filter(function (key) { return key !== "body"; });
    var known = ORDER.filter(function (key) { return keys.indexOf(key) >= 0; });
    var others = keys.filter(function (key) { return ORDER.indexOf(key) < 0; }).sort();
    var lines = [];
    known.concat(others).forEach(function (key) {
      var value = written(data[key]);
      if (value) {
        lines.push(key.charAt(0).toUpperCase() + key.slice(1) + ": " + value);
      }
    });
    var body = data.body ? String(data.body).replace(/\r\n/g, "\n") : "";
    if (body && body.slice(-1) !== "\n") { body += "\n"; }
    return lines.join("\n") + "\n\n" + body;
  }

  var format = { parse: parse, stringify: stringify };
  if (typeof module !== "undefined" && module.exports) {
    module.exports = format;
  }
  if (root && root.CMS) {
    root.CMS.registerCustomFormat("pelican-markdown", "md", {
      fromFile: parse,
      toFile: function (data) { return stringify(data); }
    });
  }
})(typeof window !== "undefined" ? window : this);

// Test-only oracle: render with citeproc-js (npm package "citeproc").
// Reads JSON {style, locale, items, mode} on stdin; writes JSON list of strings.
const CSL = require("citeproc");
let input = "";
process.stdin.on("data", (d) => (input += d));
process.stdin.on("end", () => {
  const req = JSON.parse(input);
  const items = {};
  for (const it of req.items) items[it.id] = it;
  const sys = {
    retrieveLocale: () => req.locale,
    retrieveItem: (id) => items[id],
  };
  const engine = new CSL.Engine(sys, req.style, "en-US", true);
  engine.setOutputFormat("html");
  const ids = req.items.map((it) => it.id);
  engine.updateItems(ids);
  const out = {};
  const bib = engine.makeBibliography();
  out.bibliography = bib ? bib[1].map((s) => s.trim()) : [];
  out.citations = req.clusters.map((c) => engine.makeCitationCluster(c.map((id) => ({ id }))));
  process.stdout.write(JSON.stringify(out));
});

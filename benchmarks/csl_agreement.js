// citeproc-js (npm "citeproc") side of benchmarks/csl_agreement.py, one node process per
// batch of styles.  Reads a JSON request on stdin:
//   {locales_dir, items, registry, clusters: [{id, noteIndex, items: [...]}],
//    jobs: [{name, style, lang}]}
// and writes one JSON line per job: {name, bibliography: [...], citations: [...], error}.
// Clusters go through processCitationCluster in document order (positions, ibid and
// note numbers as a word processor would produce them); the last string each cluster
// received is its output.  Items never cited are registered after them, as uncited
// items (refkit's registry: cited ones in citation order, then the rest).
const fs = require("fs");
const path = require("path");
const CSL = require("citeproc");

let input = "";
process.stdin.on("data", (d) => (input += d));
process.stdin.on("end", () => {
  const req = JSON.parse(input);
  // citeproc-js writes into the item objects it is given (parsed names): each job reads
  // a fresh copy
  const itemsJson = JSON.stringify(req.items);
  let items = {};
  const localeCache = {};
  const retrieveLocale = (lang) => {
    if (!(lang in localeCache)) {
      const file = path.join(req.locales_dir, `locales-${lang}.xml`);
      localeCache[lang] = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : false;
    }
    return localeCache[lang];
  };
  const sys = { retrieveLocale, retrieveItem: (id) => items[id] };
  const cited = new Set(req.clusters.flatMap((c) => c.items.map((i) => i.id)));
  for (const job of req.jobs) {
    const out = { name: job.name, bibliography: [], citations: [], error: null };
    try {
      items = {};
      for (const it of JSON.parse(itemsJson)) items[it.id] = it;
      const engine = new CSL.Engine(sys, job.style, job.lang || "en-US", true);
      engine.setOutputFormat("html");
      engine.updateItems(req.registry);
      const texts = {};
      const pre = [];
      for (const cl of req.clusters) {
        const citation = {
          citationID: cl.id,
          citationItems: cl.items,
          properties: { noteIndex: cl.noteIndex },
        };
        const res = engine.processCitationCluster(citation, pre, []);
        for (const [, text, id] of res[1]) texts[id] = text;
        pre.push([cl.id, cl.noteIndex]);
      }
      // processCitationCluster keeps only cited items: the others as uncited ones
      engine.updateUncitedItems(req.registry.filter((id) => !cited.has(id)));
      out.citations = req.clusters.map((c) => texts[c.id] ?? "");
      const bib = engine.makeBibliography();
      out.bibliography = bib ? bib[1].map((s) => s.trim()) : [];
    } catch (e) {
      out.error = String(e && e.message ? e.message : e).slice(0, 300);
    }
    process.stdout.write(JSON.stringify(out) + "\n");
  }
});

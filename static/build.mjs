// Bundles static/src into hashed files in static/dist/ and writes manifest.json
// (logical name -> hashed file) for the templates' asset_url().
import * as esbuild from "esbuild";
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";

const root = path.dirname(new URL(import.meta.url).pathname);
const outdir = path.join(root, "dist");
const entries = {
  app: "src/app.js", // every page: progressive enhancements, no framework
  phone: "src/phone.js", // the participant's phone page
  console: "src/console.js", // the facilitator's live console
  screen: "src/screen.js", // the projector screen
  style: "src/style.css",
  "console-style": "src/console.css",
  "screen-style": "src/screen.css",
};

await rm(outdir, { recursive: true, force: true });
await mkdir(outdir, { recursive: true });
const result = await esbuild.build({
  entryPoints: Object.fromEntries(
    Object.entries(entries).map(([name, file]) => [name, path.join(root, file)]),
  ),
  outdir,
  bundle: true,
  minify: true,
  sourcemap: true,
  format: "esm",
  target: ["es2020", "safari15", "chrome96", "firefox95"],
  entryNames: "[name]-[hash]",
  metafile: true,
  logLevel: "warning",
});

const manifest = {};
for (const [file, meta] of Object.entries(result.metafile.outputs)) {
  if (!meta.entryPoint) continue;
  const name = Object.keys(entries).find(
    (key) => path.join(root, entries[key]) === path.resolve(meta.entryPoint),
  );
  const ext = path.extname(file);
  manifest[`${name}${ext}`] = path.basename(file);
}
await writeFile(path.join(outdir, "manifest.json"), JSON.stringify(manifest, null, 2));
console.log("built", manifest);

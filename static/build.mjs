// Bundles static/src into hashed files in static/dist/ and writes manifest.json
// (logical name -> hashed file) for the templates' asset_url().
import * as esbuild from "esbuild";
import { copyFile, mkdir, readFile, readdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import zlib from "node:zlib";

const root = path.dirname(new URL(import.meta.url).pathname);
const dist = path.join(root, "dist");
// Built aside, then moved into place: a failed build leaves the last good one served.
const outdir = path.join(root, ".dist-building");
const scripts = {
  app: "src/app.js", // every page: progressive enhancements, no framework
  phone: "src/phone.js", // the participant's phone page
  console: "src/console.js", // the facilitator's live console
  screen: "src/screen.js", // the projector screen
};
const styles = {
  style: "src/style.css",
  "console-style": "src/console.css",
  "screen-style": "src/screen.css",
  "cowrite-style": "src/cowrite.css", // the co-writing editor (src/cowrite.js)
};
// Fonts the PDF export embeds (from npm, like the scripts): Noto Emoji, monochrome, for the
// emoji DejaVu Sans lacks. workshop/exports/fonts.py looks for them in dist/fonts/.
const fonts = {
  "NotoEmoji-Regular.ttf": "node_modules/@expo-google-fonts/noto-emoji/400Regular/NotoEmoji_400Regular.ttf",
  "NotoEmoji-OFL.txt": "node_modules/@expo-google-fonts/noto-emoji/LICENSE_FONT", // its licence
};
const common = {
  outdir,
  bundle: true,
  minify: true,
  // No source maps: the server does not serve them (workshop/web/assets.py serves dist/ only,
  // without .map files), so they would only be dead weight naming the sources.
  sourcemap: false,
  format: "esm",
  target: ["es2020", "safari15", "chrome96", "firefox95"],
  entryNames: "[name]-[hash]",
  chunkNames: "chunks/[name]-[hash]",
  metafile: true,
  logLevel: "warning",
};

/** Build everything into `outdir`; returns the manifest. */
async function build() {
  // One build per page script, with code splitting: a page loads one file up front, and what
  // it import()s on demand (the co-writing editor with Yjs) becomes a file of its own, fetched
  // from dist/ relative to the page script the first time it is needed.
  const results = [];
  for (const [name, file] of Object.entries(scripts)) {
    results.push(await esbuild.build({
      ...common, splitting: true, entryPoints: { [name]: path.join(root, file) },
    }));
  }
  results.push(await esbuild.build({
    ...common,
    entryPoints: Object.fromEntries(
      Object.entries(styles).map(([name, file]) => [name, path.join(root, file)]),
    ),
  }));
  // Entries by their logical name; modules loaded with import() by their source's name.
  const entries = { ...scripts, ...styles };
  const manifest = {};
  const preloads = {};
  for (const result of results) {
    for (const [file, meta] of Object.entries(result.metafile.outputs)) {
      if (!meta.entryPoint) continue;
      const source = path.resolve(meta.entryPoint);
      const name = Object.keys(entries).find((key) => path.join(root, entries[key]) === source)
        ?? path.basename(source, path.extname(source));
      manifest[`${name}${path.extname(file)}`] = path.relative(outdir, path.resolve(file));
      // What a page script imports statically: the page preloads it (<link rel=modulepreload>)
      // instead of finding it only once the script has arrived, a round trip later.
      const imports = meta.imports.filter((i) => i.kind === "import-statement" && !i.external);
      if (imports.length) {
        preloads[`${name}${path.extname(file)}`] = imports.map(
          (i) => path.relative(outdir, path.resolve(i.path)));
      }
    }
  }
  manifest.preloads = preloads;
  await mkdir(path.join(outdir, "fonts"));
  for (const [name, file] of Object.entries(fonts)) {
    await copyFile(path.join(root, "..", file), path.join(outdir, "fonts", name));
  }
  await writeFile(path.join(outdir, "manifest.json"), JSON.stringify(manifest, null, 2));
  await precompress(outdir);
  return manifest;
}

const gzip = promisify(zlib.gzip);
const brotli = promisify(zlib.brotliCompress);

// Compressed once here, at levels too slow for each request: a phone on a workshop's Wi-Fi then
// downloads under a third of the bytes (workshop/web/assets.py picks the copy it accepts).
/** Write a .gz and a .br beside each script and stylesheet, which the server sends as they are. */
async function precompress(folder) {
  const files = (await readdir(folder, { recursive: true }))
    .filter((file) => /\.(js|css)$/.test(file));
  await Promise.all(files.map(async (file) => {
    const full = path.join(folder, file);
    const data = await readFile(full);
    await writeFile(`${full}.gz`, await gzip(data, { level: 9 }));
    await writeFile(`${full}.br`, await brotli(data, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
      },
    }));
  }));
}

await rm(outdir, { recursive: true, force: true });
await mkdir(outdir, { recursive: true });
let manifest;
try {
  manifest = await build();
} catch (error) {
  await rm(outdir, { recursive: true, force: true });
  throw error;
}
await rm(dist, { recursive: true, force: true });
await rename(outdir, dist);
console.log("built", manifest);
